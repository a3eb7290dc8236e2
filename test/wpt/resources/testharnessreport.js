// sse-kit's testharnessreport.js: the hook WPT leaves to each runner. testharness.js itself posts its
// "complete" message (every subtest's name, status and message) to the parent window, where
// test/wpt/runner.ts reads it; nothing more is needed here than to leave the page's output alone.
