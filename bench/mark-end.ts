// Last in its page's bundle: every module before it has been evaluated (for sse-kit: the tags are defined).
performance.mark('bundle evaluated');
