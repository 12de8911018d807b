// Pressroom's library site. Everything works without this script; with it, the library filters itself and a
// work's page plays its chapters, lights the sentence being heard (a click on a sentence plays from there) and
// remembers the place.
"use strict";

function libraryFilters() {
  const form = document.querySelector("form.filters");
  if (!form) return;
  const query = form.querySelector("#search");
  const genre = form.querySelector("#genre");
  const works = Array.from(document.querySelectorAll("ul.works > li"));
  const status = document.querySelector("#shown");
  const fromAddress = new URLSearchParams(window.location.search).get("q");
  if (fromAddress) query.value = fromAddress;
  function apply() {
    const words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const work of works) {
      const text = work.dataset.search;
      const fits = words.every((word) => text.includes(word)) && (!genre.value || work.dataset.genre === genre.value);
      work.hidden = !fits;
      if (fits) shown += 1;
    }
    status.textContent = `${shown} of ${works.length} books shown`;
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
}

function player() {
  const data = document.querySelector("#narration");
  const audio = document.querySelector("audio#player");
  if (!data || !audio) return;
  const narration = JSON.parse(data.textContent);
  const files = narration.files;
  const key = `pressroom:${narration.work}`;
  let current = 0;
  let reading = null;

  function load(index) {
    if (index !== current || !audio.getAttribute("src")) {
      current = index;
      audio.src = files[index].src;
    }
  }

  function seek(index, seconds, play) {
    load(index);
    const go = () => {
      audio.currentTime = seconds;
      if (play) audio.play().catch(() => {});
    };
    if (audio.readyState >= 1) go();
    else audio.addEventListener("loadedmetadata", go, { once: true });
  }

  for (const button of document.querySelectorAll("ol.chapters button[data-file]")) {
    button.addEventListener("click", () => seek(Number(button.dataset.file), Number(button.dataset.start), true));
  }

  function mark() {
    const file = files[current];
    const ms = audio.currentTime * 1000;
    for (const button of document.querySelectorAll("ol.chapters button[data-file]")) {
      const here = Number(button.dataset.file) === current;
      const start = Number(button.dataset.start) * 1000;
      const end = Number(button.dataset.end) * 1000;
      const on = here && ms >= start && ms < end;
      if (on) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
    // The last element whose time has come stays lit through the pause after it (a second at most).
    const spoken = file.said.findLast((said) => ms >= said[0] && ms < said[1] + 1000);
    const element = spoken ? document.getElementById(spoken[2]) : null;
    if (element !== reading) {
      if (reading) reading.classList.remove("reading");
      reading = element;
      if (reading) {
        reading.classList.add("reading");
        // Scrolled to only when it leaves the middle of the window, so the text does not jump every sentence.
        const box = reading.getBoundingClientRect();
        if (box.top < window.innerHeight * 0.15 || box.bottom > window.innerHeight * 0.85) {
          reading.scrollIntoView({ block: "center" });
        }
      }
    }
    try {
      localStorage.setItem(key, JSON.stringify({ file: current, time: audio.currentTime }));
    } catch (error) {
      // Storage may be refused (private windows, file: pages): the place is simply not kept.
    }
  }

  // The word being said, where the listener heard the narration (publish check --listen): lit with the CSS
  // Custom Highlight API, which marks a stretch of text without touching the page.
  let litWord = null;
  function markWord() {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    const ms = audio.currentTime * 1000;
    const word = (files[current].words || []).findLast((w) => ms >= w[0] && ms < w[1] + 150) || null;
    if (word === litWord) return;
    litWord = word;
    const element = word ? document.getElementById(word[2]) : null;
    if (!element) {
      CSS.highlights.delete("heard-word");
      return;
    }
    const range = document.createRange();
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent.length;
      if (seen <= word[3] && word[3] < seen + length) range.setStart(node, word[3] - seen);
      if (seen < word[4] && word[4] <= seen + length) {
        range.setEnd(node, word[4] - seen);
        break;
      }
      seen += length;
    }
    CSS.highlights.set("heard-word", new Highlight(range));
  }
  audio.addEventListener("play", () => {
    const tick = () => {
      markWord();
      if (!audio.paused) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  // Each element heard, where it is heard: a click on it plays from there (links keep their own click).
  const heardAt = new Map();
  files.forEach((file, index) => {
    for (const [start, , id] of file.said) {
      if (!heardAt.has(id)) heardAt.set(id, [index, start / 1000]);
    }
  });
  for (const id of heardAt.keys()) {
    const element = document.getElementById(id);
    if (element) element.dataset.heard = "";
  }
  const text = document.querySelector(".text");
  if (text) {
    text.addEventListener("click", (event) => {
      if (event.target.closest("a") || String(window.getSelection() || "")) return;
      const element = event.target.closest("[data-heard]");
      if (!element) return;
      const [index, seconds] = heardAt.get(element.id);
      seek(index, seconds, true);
    });
  }

  audio.addEventListener("timeupdate", mark);
  audio.addEventListener("seeked", () => {
    mark();
    markWord();
  });
  audio.addEventListener("ended", () => {
    if (current + 1 < files.length) seek(current + 1, 0, true);
  });

  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(key) || "null");
  } catch (error) {
    saved = null;
  }
  if (saved && saved.file < files.length) seek(saved.file, saved.time, false);
  else load(0);
  window.pressroomPlayer = { seek, files: () => files, current: () => current, word: () => litWord };
}

libraryFilters();
player();
