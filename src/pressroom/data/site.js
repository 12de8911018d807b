// Pressroom's library site. Everything works without this script; with it, the library filters itself and a
// work's page plays its chapters, highlights the paragraph being heard and remembers the place.
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
    const spoken = file.said.find((said) => ms >= said[0] && ms < said[1]);
    const element = spoken ? document.getElementById(spoken[2]) : null;
    if (element !== reading) {
      if (reading) reading.classList.remove("reading");
      reading = element;
      if (reading) {
        reading.classList.add("reading");
        reading.scrollIntoView({ block: "center" });
      }
    }
    try {
      localStorage.setItem(key, JSON.stringify({ file: current, time: audio.currentTime }));
    } catch (error) {
      // Storage may be refused (private windows, file: pages): the place is simply not kept.
    }
  }

  audio.addEventListener("timeupdate", mark);
  audio.addEventListener("seeked", mark);
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
  window.pressroomPlayer = { seek, files: () => files, current: () => current };
}

libraryFilters();
player();
