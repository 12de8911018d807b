// The proof desk's page: play a paragraph, take a name, hear it, keep it, apply.
"use strict";
const player = document.querySelector("#player");
let stopAt = null;
player.addEventListener("timeupdate", () => { if (stopAt !== null && player.currentTime >= stopAt) { player.pause(); stopAt = null; } });
function playFrom(src, start, end, rate = 1) {
  stopAt = end;
  player.defaultPlaybackRate = rate;
  player.playbackRate = rate;
  if (player.getAttribute("src") !== src) {
    player.preload = "metadata"; // the page loads nothing until a paragraph is played
    player.src = src;
    player.load();
  }
  const go = () => { player.currentTime = start; player.play().catch(() => {}); };
  if (player.readyState >= 1) go(); else player.addEventListener("loadedmetadata", go, { once: true });
}
for (const button of document.querySelectorAll("button.play, button.slower")) {
  // Slower: three quarters of the speed, to catch what a name was heard as.
  const rate = button.classList.contains("slower") ? 0.75 : 1;
  button.addEventListener("click", () => playFrom(button.dataset.src, Number(button.dataset.start), Number(button.dataset.end), rate));
}
for (const button of document.querySelectorAll("button.stop")) {
  button.addEventListener("click", () => {
    if (player.paused && player.currentTime > 0 && (stopAt === null || player.currentTime < stopAt)) {
      player.play().catch(() => {});
    } else player.pause();
  });
}
const showPaused = () => {
  for (const button of document.querySelectorAll("button.stop")) button.textContent = player.paused ? "Resume" : "Pause";
};
player.addEventListener("play", showPaused);
player.addEventListener("pause", showPaused);
function change(row) {
  const value = (name) => { const field = row.querySelector(`input[name=${name}]`); return field ? field.value.trim() : ""; };
  return { word: row.dataset.word || value("word"), respelling: value("respelling"), phonemes: value("phonemes") };
}
const token = document.querySelector('meta[name="pressroom-token"]').content;
async function post(path, body) {
  const headers = { "content-type": "application/json", "x-pressroom-token": token };
  const answer = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  if (!answer.ok) { const failed = await answer.json().catch(() => ({ error: answer.statusText })); throw new Error(failed.error); }
  return answer;
}
async function say(row, body) {
  const verdict = row.querySelector(".verdict");
  verdict.textContent = "Saying it…";
  try {
    const audio = await (await post("take", body)).blob();
    stopAt = null;
    player.defaultPlaybackRate = 1;
    player.src = URL.createObjectURL(audio);
    await player.play().catch(() => {});
    verdict.textContent = "";
  } catch (error) { verdict.textContent = error.message; }
}
function showKept(kept) {
  const list = document.querySelector("#kept");
  list.replaceChildren(...kept.map((entry) => {
    const item = document.createElement("li");
    item.dataset.word = entry.word;
    item.textContent = `${entry.word}: ${entry.phonemes ? "/" + entry.phonemes + "/" : "“" + entry.respelling + "”"} `;
    const remove = document.createElement("button");
    remove.type = "button"; remove.className = "drop"; remove.textContent = "Remove";
    item.append(remove);
    return item;
  }));
  document.querySelector("#kept-count").textContent = String(kept.length);
}
for (const row of document.querySelectorAll("li.name")) {
  row.querySelector("button.now").addEventListener("click", () => say(row, { word: change(row).word }));
  row.querySelector("button.try").addEventListener("click", () => say(row, change(row)));
  row.querySelector("button.hear").addEventListener("click", async () => {
    const verdict = row.querySelector(".verdict");
    verdict.textContent = "Listening…";
    try {
      const heard = await (await post("hear", change(row))).json();
      verdict.textContent = `${heard.verdict}: heard “${heard.heard_without}” alone, “${heard.heard_with}” with the change`;
    } catch (error) { verdict.textContent = error.message; }
  });
  row.querySelector("button.keep").addEventListener("click", async () => {
    const verdict = row.querySelector(".verdict");
    try { showKept((await (await post("keep", change(row))).json()).kept); verdict.textContent = "Kept."; }
    catch (error) { verdict.textContent = error.message; }
  });
}
// "Not this": the curator turned down a reading learnt while narrating; remembered in proof.json.
document.querySelectorAll("button.decline").forEach((button) => button.addEventListener("click", async () => {
  const row = button.closest("li");
  const verdict = row.querySelector(".verdict");
  try {
    await post("decline", { word: row.dataset.word, declined: true });
    verdict.textContent = "Turned down: it will not be proposed again.";
    row.querySelectorAll("button").forEach((control) => { control.disabled = true; });
  } catch (error) { verdict.textContent = error.message; }
}));
// "This is right": the curator heard the paragraph and the listener was wrong; remembered in proof.json.
const rightSaid = document.querySelector("#right-said");
async function callRight(button, right) {
  const { work, file, meant } = button.dataset;
  try {
    await post("right", { work, file, meant, right });
    const row = button.closest("li");
    row.hidden = true;
    rightSaid.textContent = right ? `Called right: “${meant}”. It will not be flagged again while it says the same.` : `Flagged again: “${meant}” (reload to see it among the flags).`;
  } catch (error) { rightSaid.textContent = error.message; }
}
document.querySelectorAll("button.right").forEach((button) => button.addEventListener("click", () => callRight(button, true)));
document.querySelectorAll("button.unright").forEach((button) => button.addEventListener("click", () => callRight(button, false)));
document.querySelector("#kept").addEventListener("click", async (event) => {
  const button = event.target.closest("button.drop");
  if (!button) return;
  showKept((await (await post("drop", { word: button.parentElement.dataset.word })).json()).kept);
});
const progress = document.querySelector("#progress");
document.querySelector("#apply").addEventListener("click", async (event) => {
  try { await post("apply", { seen: event.target.dataset.seen }); } catch (error) { progress.textContent = error.message; return; }
  const poll = async () => {
    const job = await (await fetch("status")).json();
    if (job.running) { progress.textContent = job.told + "…"; setTimeout(poll, 500); return; }
    if (job.error) { progress.textContent = job.error; return; }
    const plural = (count, word) => `${count} ${word}${count === 1 ? "" : "s"}`;
    const works = job.applied.works.map((w) => `${w.slug}: ${w.remade} of ${plural(w.clips, "clip")} made again in ` +
      `${w.seconds.toFixed(0)} s; ${plural(w.heard_again, "paragraph")} heard again, ${w.still_wrong} still wrong.`);
    progress.textContent = `Applied ${job.applied.words.join(", ")}. ` + (works.join(" ") || "No work uses it.") +
      " Reload to see the lists now.";
    showKept([]);
  };
  poll();
});
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input") || !["n", "p"].includes(event.key)) return;
  const rows = Array.from(document.querySelectorAll("li.row"));
  const here = rows.findIndex((row) => row.contains(document.activeElement));
  const next = rows[Math.max(0, Math.min(rows.length - 1, here + (event.key === "n" ? 1 : -1)))];
  if (next) next.querySelector("button").focus();
});
const listenButton = document.querySelector("#listen");
if (listenButton) {
  const listening = document.querySelector("#listening");
  listenButton.addEventListener("click", async () => {
    try { await post("listen", {}); } catch (error) { listening.textContent = error.message; return; }
    listenButton.disabled = true;
    const poll = async () => {
      const job = await (await fetch("status")).json();
      if (job.running) { listening.textContent = job.told + "…"; setTimeout(poll, 1000); return; }
      listening.textContent = job.error || `${job.told}: reloading`;
      if (!job.error) window.location.reload();
    };
    poll();
  });
}
