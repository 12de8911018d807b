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
  let following = true;
  const bar = document.querySelector(".player-bar");
  const barHeight = () => (bar && !bar.hidden ? bar.getBoundingClientRect().height : 0);

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
        // Scrolled to only when it leaves the middle of the window, so the text does not jump every sentence;
        // and not at all once the reader has scrolled elsewhere (the bar offers the way back).
        const box = reading.getBoundingClientRect();
        const low = window.innerHeight * 0.85 - barHeight();
        if (following && (box.top < window.innerHeight * 0.15 || box.bottom > low)) {
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
    if (element) {
      element.dataset.heard = "";
      element.tabIndex = 0; // reached with Tab; Enter plays from it
    }
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
    text.addEventListener("keydown", (event) => {
      const element = event.target.closest("[data-heard]");
      if (event.key !== "Enter" || !element || event.target.closest("a")) return;
      event.preventDefault();
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
  const controls = bar ? playerBar(bar, audio, narration, seek, () => current, {
    follow(on) {
      following = on;
      if (on && reading) reading.scrollIntoView({ block: "center" });
    },
    following: () => following,
  }) : null;
  window.pressroomPlayer = {
    seek, files: () => files, current: () => current, word: () => litWord, following: () => following, controls,
  };
}

// The player bar: fixed at the foot of the window (in reach on a phone however far the reader scrolls), with
// play, back 15 s and forward 30 s, the place in the whole book, speed (kept across chapters and visits), a
// sleep timer, the switch that keeps the sentence being read in view, the keys, and the phone's lock screen
// (Media Session). Without this script the page keeps the browser's own player.
function playerBar(bar, audio, narration, seek, current, view) {
  const files = narration.files;
  const starts = [];
  let whole = 0;
  for (const file of files) {
    starts.push(whole);
    whole += file.duration;
  }
  const find = (selector) => bar.querySelector(selector);
  const play = find(".bar-play");
  const at = find(".bar-at");
  const range = find(".bar-seek");
  const chapter = find(".bar-chapter");
  const speed = find(".bar-speed select");
  const sleep = find(".bar-sleep select");
  const follow = find(".bar-follow");
  const back = find(".bar-return");
  const rates = Array.from(speed.options, (option) => option.value);
  find(".bar-whole").textContent = clock(whole);
  bar.hidden = false;
  audio.hidden = true; // the bar is the player now
  // The page ends above the bar, whatever height it wraps to.
  const room = () => { document.body.style.paddingBottom = `${bar.offsetHeight + 16}px`; };
  room();
  window.addEventListener("resize", room);

  const bookMs = () => starts[current()] + audio.currentTime * 1000;
  function goTo(ms) {
    const target = Math.max(0, Math.min(whole - 1, ms));
    let index = starts.length - 1;
    while (index > 0 && starts[index] > target) index -= 1;
    seek(index, (target - starts[index]) / 1000, !audio.paused);
  }
  const skip = (seconds) => goTo(bookMs() + seconds * 1000);

  function setRate(value) {
    const rate = rates.includes(String(value)) ? String(value) : "1";
    speed.value = rate;
    audio.defaultPlaybackRate = Number(rate); // a new file starts at it too
    audio.playbackRate = Number(rate);
    keep("pressroom:speed", rate);
  }
  setRate(stored("pressroom:speed") || "1");
  speed.addEventListener("change", () => setRate(speed.value));
  audio.addEventListener("loadedmetadata", () => { audio.playbackRate = Number(speed.value); });

  play.addEventListener("click", () => (audio.paused ? audio.play().catch(() => {}) : audio.pause()));
  find(".bar-back").addEventListener("click", () => skip(-15));
  find(".bar-ahead").addEventListener("click", () => skip(30));
  let dragging = false;
  range.addEventListener("input", () => {
    dragging = true;
    at.textContent = clock((range.value / 1000) * whole);
  });
  range.addEventListener("change", () => {
    dragging = false;
    goTo((range.value / 1000) * whole);
  });

  // Sleep: after some minutes of playing, or at the end of the chapter playing when it was set.
  let sleepAt = null;
  let sleepChapter = null;
  sleep.addEventListener("change", () => {
    sleepAt = null;
    sleepChapter = null;
    if (sleep.value === "chapter") {
      const lit = document.querySelector("ol.chapters button[aria-current]");
      sleepChapter = lit ? [Number(lit.dataset.file), Number(lit.dataset.end)] : [current(), files[current()].duration / 1000];
    } else if (sleep.value) sleepAt = Date.now() + Number(sleep.value) * 60000;
  });
  function sleepCheck() {
    const due = (sleepAt !== null && Date.now() >= sleepAt) ||
      (sleepChapter !== null && (current() > sleepChapter[0] || (current() === sleepChapter[0] && audio.currentTime >= sleepChapter[1] - 0.25)));
    if (!due) return;
    audio.pause();
    sleepAt = null;
    sleepChapter = null;
    sleep.value = "";
  }

  function chapterTitle() {
    const lit = document.querySelector("ol.chapters button[aria-current]");
    return lit ? lit.textContent : files[current()].title;
  }
  let titled = null;
  function show() {
    const ms = bookMs();
    at.textContent = clock(ms);
    if (!dragging) range.value = String(Math.round((ms / whole) * 1000));
    range.setAttribute("aria-valuetext", `${clock(ms)} of ${clock(whole)}`);
    const title = chapterTitle();
    if (title !== titled) {
      titled = title;
      chapter.textContent = title;
      lockScreen(title);
    }
    if ("mediaSession" in navigator && navigator.mediaSession.setPositionState && audio.duration) {
      try {
        navigator.mediaSession.setPositionState({ duration: audio.duration, playbackRate: audio.playbackRate, position: audio.currentTime });
      } catch (error) {
        // A position past a duration not yet known: the next update sets it.
      }
    }
    sleepCheck();
  }
  audio.addEventListener("timeupdate", show);
  audio.addEventListener("seeked", show);
  const playing = () => {
    play.textContent = audio.paused ? "▶" : "❚❚";
    play.setAttribute("aria-label", audio.paused ? "Play" : "Pause");
    if ("mediaSession" in navigator) navigator.mediaSession.playbackState = audio.paused ? "paused" : "playing";
  };
  audio.addEventListener("play", playing);
  audio.addEventListener("pause", playing);

  function lockScreen(title) {
    if (!("mediaSession" in navigator) || typeof MediaMetadata === "undefined") return;
    const artwork = narration.artwork ? [{ src: new URL(narration.artwork, document.baseURI).href, sizes: "1400x1400", type: "image/jpeg" }] : [];
    navigator.mediaSession.metadata = new MediaMetadata({ title, artist: narration.author, album: narration.title, artwork });
  }
  if ("mediaSession" in navigator) {
    const actions = {
      play: () => audio.play().catch(() => {}),
      pause: () => audio.pause(),
      seekbackward: (details) => skip(-(details.seekOffset || 15)),
      seekforward: (details) => skip(details.seekOffset || 30),
      seekto: (details) => seek(current(), details.seekTime, !audio.paused),
      previoustrack: () => seek(Math.max(0, current() - (audio.currentTime > 3 ? 0 : 1)), 0, !audio.paused),
      nexttrack: () => current() + 1 < files.length && seek(current() + 1, 0, !audio.paused),
    };
    for (const [action, handler] of Object.entries(actions)) {
      try {
        navigator.mediaSession.setActionHandler(action, handler);
      } catch (error) {
        // An action this browser does not know.
      }
    }
  }

  // Following the text: the reader scrolling away lets go of it; "Back to where it reads" takes it up again.
  function setFollow(on) {
    follow.setAttribute("aria-pressed", String(on));
    back.hidden = on || audio.paused;
    view.follow(on);
  }
  follow.addEventListener("click", () => setFollow(!view.following()));
  back.addEventListener("click", () => setFollow(true));
  const letGo = () => {
    if (view.following() && !audio.paused) setFollow(false);
  };
  window.addEventListener("wheel", letGo, { passive: true });
  window.addEventListener("touchmove", letGo, { passive: true });
  audio.addEventListener("play", () => { back.hidden = view.following(); });

  // Keys: Space plays or pauses, the arrows skip, [ and ] change the speed (not while typing in a field).
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    const onButton = target.closest && target.closest("button, a");
    if (event.key === " " && !onButton) {
      event.preventDefault();
      play.click();
    } else if (event.key === "ArrowLeft" && !onButton) {
      event.preventDefault();
      skip(-15);
    } else if (event.key === "ArrowRight" && !onButton) {
      event.preventDefault();
      skip(30);
    } else if (event.key === "[" || event.key === "]") {
      const step = event.key === "]" ? 1 : -1;
      setRate(rates[Math.max(0, Math.min(rates.length - 1, rates.indexOf(speed.value) + step))]);
    } else if (["PageDown", "PageUp", "ArrowDown", "ArrowUp", "Home", "End"].includes(event.key)) {
      letGo();
    }
  });
  show();
  playing();
  return { skip, goTo, setRate, bookMs, whole: () => whole };
}

function clock(ms) {
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

function stored(name) {
  try {
    return localStorage.getItem(name);
  } catch (error) {
    return null;
  }
}

function keep(name, value) {
  try {
    localStorage.setItem(name, value);
  } catch (error) {
    // Storage may be refused (private windows, file: pages): the setting lasts this visit.
  }
}

libraryFilters();
player();
