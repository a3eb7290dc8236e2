// The hand-written widget of the page-load bench: an EventSource per `[data-widget]`, each message
// appended as a text node to a list of the last 100 items.
for (const list of document.querySelectorAll<HTMLElement>('[data-widget]')) {
  const source = new EventSource(list.dataset.src!);
  source.onmessage = (event) => {
    const item = document.createElement('div');
    item.dataset.item = '';
    item.textContent = event.data;
    list.append(item);
    if (list.childElementCount > 100) list.firstElementChild!.remove();
  };
}
