// First in its page's bundle: the bundle has been fetched and compiled, and runs.
performance.mark('bundle runs');
