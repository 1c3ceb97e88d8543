// Runs a /regex/ search over the flame graph's frame names off the page's thread: a pattern that backtracks for
// ever on a long name (a link may carry any pattern) then costs this worker, which the page terminates, not the tab.
self.onmessage = (e) => {
  const re = new RegExp(e.data.source, 'i');
  const names = e.data.names;
  const matched = new Uint8Array(names.length);
  for (let i = 0; i < names.length; i++) {
    if (re.test(names[i])) matched[i] = 1;
  }
  self.postMessage(matched, [matched.buffer]);
};
