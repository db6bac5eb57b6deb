/* The site's search: the dialog of partials/search.html, over the index of macros/render/search.py.
   Nothing is fetched until the reader types: then pages.json, the shards of the query's characters
   and the text of the pages shown. A result is a paragraph, list item, heading or table row that holds
   every word of the query whole; its link opens the page there (#search=<block>:<words>), where the
   words are highlighted. Text from the index is only ever set as text, never as HTML. */
(() => {
  "use strict";
  const ROOT = new URL("..", document.currentScript.src);  // <root>/javascripts/search.js
  // The block elements of an article, counted in document order as search.py counts them.
  const BLOCKS = "article.md-content__inner :is(h1,h2,h3,h4,h5,h6,p,li,tr,dt,dd,caption)";
  const SKIPPED = "code,pre,script,style,thead,button,svg,template";
  const PAGE = 20;        // results shown at a time
  const CHECKED = 400;    // blocks at most whose text is read for one query
  const TARGET = "search=";

  // -- matching: the same folding as search.py's normalized() -----------------------------------

  /* The characters of text as they are matched, each with where it is in text. */
  function fold(text) {
    const chars = [], at = [];
    let offset = 0;
    for (const char of text) {
      if (!/\s/.test(char)) {
        const folded = char.normalize("NFKC").toLowerCase();
        chars.push([...folded].length === 1 ? folded : char);
        at.push(offset);
      }
      offset += char.length;
    }
    return {chars, at, end: offset};
  }

  /* Where each word occurs in folded text: [start, end) offsets in the original text, merged. */
  function occurrences(text, words) {
    const {chars, at, end} = fold(text);
    const found = [];
    for (const word of words) {
      for (let i = 0; i + word.length <= chars.length; i++) {
        let j = 0;
        while (j < word.length && chars[i + j] === word[j]) j++;
        if (j === word.length) {
          const last = i + word.length;
          found.push([at[i], last < at.length ? lastEnd(text, at, last) : end]);
        }
      }
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const range of found) {
      const previous = merged[merged.length - 1];
      if (previous && range[0] <= previous[1]) previous[1] = Math.max(previous[1], range[1]);
      else merged.push([...range]);
    }
    return merged;
  }

  /* The end of the word: after its last character, before the white space that follows it. */
  function lastEnd(text, at, next) {
    let end = at[next];
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    return end;
  }

  function holdsAll(text, words) {
    const folded = fold(text).chars.join("");
    return words.every(word => folded.includes(word.join("")));
  }

  /* The words of a query: split at white space, each folded; a word of no letter is dropped. */
  function wordsOf(query) {
    return query.split(/\s+/).map(part => fold(part).chars).filter(word => word.length > 0);
  }

  /* A word no block holds whole, split into the reports' search terms it contains (the longest
     first, from the left) and the runs between them. */
  function byTerms(word, terms) {
    const text = word.join(""), pieces = [];
    let run = "";
    for (let i = 0; i < text.length;) {
      const term = terms.find(t => t.length > 1 && text.startsWith(t, i));
      if (term) {
        if (run) pieces.push(run);
        pieces.push(term);
        run = "";
        i += term.length;
      } else {
        run += text[i];
        i++;
      }
    }
    if (run) pieces.push(run);
    return pieces.map(piece => [...piece]);
  }

  // -- the index ------------------------------------------------------------------------------

  const cache = new Map();
  function json(path) {
    if (!cache.has(path)) {
      cache.set(path, fetch(new URL(path, ROOT), {credentials: "same-origin"}).then(response => {
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        return response.json();
      }));
    }
    return cache.get(path);
  }

  let meta = null;
  async function index() {
    if (!meta) {
      const data = await json("search/pages.json");
      const terms = data.terms.map(term => fold(term).chars.join(""));
      terms.sort((a, b) => b.length - a.length);
      meta = {...data, terms};
    }
    return meta;
  }

  function decode(deltas) {
    const numbers = [];
    let number = 0;
    for (const delta of deltas) numbers.push(number += delta);
    return numbers;
  }

  /* The blocks whose text holds every pair of characters of the word (a superset of those holding
     the word; each is checked against its text). */
  async function candidates(word, shards) {
    const shardOf = char => json(`search/shards/${char.codePointAt(0) % shards}.json`);
    if (word.length === 1) {
      const shard = await shardOf(word[0]);
      const found = new Set();
      for (const [pair, deltas] of Object.entries(shard)) {
        if ([...pair][0] === word[0]) for (const n of decode(deltas)) found.add(n);
      }
      return [...found].sort((a, b) => a - b);
    }
    const pairs = [];
    for (let i = 0; i + 1 < word.length; i++) pairs.push(word[i] + word[i + 1]);
    const lists = await Promise.all([...new Set(pairs)].map(async pair => decode((await shardOf(pair))[pair] || [])));
    lists.sort((a, b) => a.length - b.length);
    let found = lists[0];
    for (const list of lists.slice(1)) {
      const other = new Set(list);
      found = found.filter(n => other.has(n));
    }
    return found;
  }

  function pageOf(pages, block) {
    let low = 0, high = pages.length - 2;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (pages[middle][3] <= block) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  function currentReport(pages) {
    const path = decodeURI(location.pathname);
    const root = decodeURI(ROOT.pathname);
    const here = path.startsWith(root) ? path.slice(root.length) : path;
    const report = pages.find(page => page[2] && here.startsWith(page[2] + "/"));
    return report ? report[2] : "";
  }

  /* The results of the words: blocks holding all of them, this page's report first, then in the
     order of the site. Stops at `wanted` results (or CHECKED blocks read). */
  async function search(words, wanted) {
    const {pages, shards} = await index();
    const lists = await Promise.all(words.map(word => candidates(word, shards)));
    let found = lists[0] || [];
    for (const list of lists.slice(1)) {
      const other = new Set(list);
      found = found.filter(n => other.has(n));
    }
    const here = currentReport(pages);
    const ordered = found.map(n => [n, pageOf(pages, n)]);
    ordered.sort((a, b) => (here && (pages[a[1]][2] !== here) - (pages[b[1]][2] !== here)) || a[0] - b[0]);
    const results = [];
    for (let start = 0; start < ordered.length && start < CHECKED && results.length < wanted; start += PAGE) {
      const slice = ordered.slice(start, start + PAGE);
      const texts = await Promise.all(slice.map(([, page]) => json(`search/text/${page}.json`)));
      slice.forEach(([n, page], i) => {
        const blocks = texts[i], block = blocks[n - pages[page][3]];
        if (block && holdsAll(block[2], words)) {
          const section = block[1] >= 0 && blocks[block[1]] !== block ? blocks[block[1]][2] : "";
          results.push({page: pages[page], ordinal: block[0], section, text: block[2]});
        }
      });
    }
    return {results: results.slice(0, wanted), more: results.length > wanted || ordered.length > CHECKED};
  }

  // -- the dialog -----------------------------------------------------------------------------

  const dialog = document.querySelector("[data-site-search]");
  const toggle = document.getElementById("__search");
  const form = document.querySelector("[data-site-search-form]");
  const input = document.querySelector("[data-site-search-query]");
  const list = document.querySelector("[data-site-search-results]");
  const status = document.getElementById("site-search-status");
  const moreButton = document.querySelector("[data-site-search-more]");
  let asked = "", shown = PAGE, generation = 0, timer = 0;

  function snippet(text, words) {
    const ranges = occurrences(text, words);
    const first = ranges.length ? ranges[0][0] : 0;
    const start = Math.max(0, first - 30);
    let end = Math.min(text.length, start + 120);
    for (const [a, b] of ranges) if (a < end && b > end) end = b;  // no word cut at the end
    const p = document.createElement("p");
    if (start > 0) p.append("…");
    let at = start;
    for (const [a, b] of ranges) {
      if (b <= start || a >= end) continue;
      const from = Math.max(a, start), to = Math.min(b, end);
      p.append(text.slice(at, from));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      p.append(mark);
      at = to;
    }
    p.append(text.slice(at, end));
    if (end < text.length) p.append("…");
    return p;
  }

  function href(result, words) {
    const url = new URL(result.page[0], ROOT);
    url.hash = TARGET + result.ordinal + ":" + encodeURIComponent(words.map(word => word.join("")).join(" "));
    return url.href;
  }

  function render(results, words, more) {
    list.replaceChildren(...results.map(result => {
      const item = document.createElement("li");
      item.className = "md-search-result__item";
      const link = document.createElement("a");
      link.className = "md-search-result__link site-search__link";
      link.href = href(result, words);
      const article = document.createElement("div");
      article.className = "md-search-result__article md-typeset";
      const where = document.createElement("div");
      where.className = "site-search__where";
      where.textContent = result.section && result.section !== result.page[1]
        ? `${result.page[1]} › ${result.section}` : result.page[1];
      article.append(where, snippet(result.text, words));
      link.append(article);
      item.append(link);
      return item;
    }));
    moreButton.hidden = !more;
  }

  async function run(query, count) {
    const mine = ++generation;
    let words = wordsOf(query);
    if (!words.length) {
      list.replaceChildren();
      delete list.dataset.query;
      moreButton.hidden = true;
      status.textContent = "输入要找的词语或数字";
      return;
    }
    status.textContent = "正在搜索…";
    try {
      let found = await search(words, count);
      if (!found.results.length) {  // no block holds a word whole: the terms it is made of
        const {terms} = await index();
        const split = words.flatMap(word => byTerms(word, terms));
        if (split.length > words.length) {
          words = split;
          found = await search(words, count);
        }
      }
      if (mine !== generation) return;
      render(found.results, words, found.more);
      list.dataset.query = query;  // which query the list answers (a reader typing on sees it change)
      status.textContent = found.results.length
        ? `找到 ${found.results.length}${found.more ? " 多" : ""} 处` : "没有找到，请换一个词语试试";
    } catch {
      if (mine === generation) status.textContent = "搜索暂时无法使用，请稍后再试";
    }
  }

  function schedule() {
    const query = input.value.trim();
    if (query === asked) return;
    asked = query;
    shown = PAGE;
    clearTimeout(timer);
    timer = setTimeout(() => run(query, shown), 120);
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  if (dialog && toggle && input) {
    // IME: the text is final at compositionend; input events while composing carry pinyin.
    input.addEventListener("input", event => { if (!event.isComposing) schedule(); });
    input.addEventListener("compositionend", schedule);
    input.addEventListener("keyup", event => { if (!event.isComposing) schedule(); });
    input.addEventListener("focus", () => { if (!toggle.checked) open(); });
    form.addEventListener("submit", event => {
      event.preventDefault();
      const first = list.querySelector("a");
      if (first) first.click();
    });
    form.addEventListener("reset", () => {
      setTimeout(() => { asked = "\u0000"; schedule(); input.focus(); });
    });
    // Opened by the header's button: the field takes the focus once the dialog is shown, unless the reader
    // has moved the focus meanwhile (a keyboard reader tabbing on must not be pulled back).
    toggle.addEventListener("change", () => {
      if (!toggle.checked) return;
      const before = document.activeElement;
      setTimeout(() => { if (toggle.checked && document.activeElement === before) input.focus(); }, 250);
    });
    // Tabbing out of the dialog closes it: the page the focus moves to is not left under the overlay.
    dialog.addEventListener("focusout", event => {
      if (toggle.checked && event.relatedTarget instanceof Node && !dialog.contains(event.relatedTarget)) close();
    });
    moreButton.addEventListener("click", () => { shown += PAGE; run(asked, shown); });
    list.addEventListener("click", event => { if (event.target.closest("a")) close(); });
    dialog.addEventListener("keydown", event => {
      const links = [input, ...list.querySelectorAll("a")];
      const at = links.indexOf(document.activeElement);
      if (event.key === "Escape" && !event.isComposing) {
        event.preventDefault();
        close();
      } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && at >= 0 && !event.isComposing) {
        event.preventDefault();
        links[(at + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length].focus();
      }
    });
    document.addEventListener("keydown", event => {
      const target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey || toggle.checked) return;
      if (target instanceof HTMLElement && target.closest("input,textarea,select,[contenteditable]")) return;
      if (event.key === "/" || event.key === "s") {
        event.preventDefault();
        open();
      }
    });
    // A search asked for in the address (the 404 page's form sends ?q=…): opened with its words.
    const wanted = new URLSearchParams(location.search).get("q");
    if (wanted && wanted.trim()) {
      input.value = wanted.trim();
      open();
      schedule();
    }
  }

  // -- the landing: a result's block in view, its words highlighted ----------------------------

  function highlight(element, words) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: node => node.parentElement.closest(SKIPPED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const nodes = [];
    let text = "";
    while (walker.nextNode()) {
      nodes.push([walker.currentNode, text.length]);
      text += walker.currentNode.data;
    }
    const marks = [];
    const ranges = occurrences(text, words);
    for (const [a, b] of ranges.reverse()) {
      for (const [node, start] of [...nodes].reverse()) {
        const from = Math.max(a, start) - start, to = Math.min(b, start + node.data.length) - start;
        if (from >= to) continue;
        node.splitText(to);
        const middle = node.splitText(from);
        const mark = document.createElement("mark");
        mark.className = "site-search__hit";
        middle.replaceWith(mark);
        mark.append(middle);
        marks.unshift(mark);
      }
    }
    return marks;
  }

  function land() {
    document.querySelectorAll("mark.site-search__hit").forEach(mark => mark.replaceWith(...mark.childNodes));
    document.querySelectorAll(".site-search__target").forEach(element => element.classList.remove("site-search__target"));
    const hash = decodeURIComponent(location.hash.slice(1));
    if (!hash.startsWith(TARGET)) return;
    const [ordinal, ...rest] = hash.slice(TARGET.length).split(":");
    const words = wordsOf(rest.join(":"));
    const blocks = [...document.querySelectorAll(BLOCKS)];
    let element = blocks[Number(ordinal)];
    if (!element || !holdsAll(element.textContent, words)) {  // the page changed since: the first that holds them
      element = blocks.find(block => !block.querySelector(BLOCKS.split(" ")[1]) && holdsAll(block.textContent, words));
    }
    if (!element) return;
    element.normalize();
    const marks = highlight(element, words);
    element.classList.add("site-search__target");
    element.setAttribute("tabindex", "-1");
    element.focus({preventScroll: true});
    (marks[0] || element).scrollIntoView({block: "center"});
  }

  land();
  window.addEventListener("hashchange", land);
})();
