// The live leaderboard and the upload form of `tinytorch serve` (hand-written). The board polls /api/leaderboard
// and redraws its tables in place: no page reload. Every value is inserted as text (textContent), never as HTML.
"use strict";

const POLL_MS = 1500;

function fmt(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  if (Array.isArray(v)) return "[" + v.map(fmt).join(", ") + "]";
  return String(v);
}

function link(id, text) {
  const a = document.createElement("a");
  a.href = "/submissions/" + encodeURIComponent(id);
  a.textContent = text;
  return a;
}

// columns: [header, key] pairs; rows with an "id" get their pseudonym cell linked to the submission's page
function fillTable(tableId, rows, columns, empty) {
  const table = document.getElementById(tableId);
  table.replaceChildren();
  const head = table.insertRow();
  for (const [title] of columns) {
    const th = document.createElement("th");
    th.textContent = title;
    head.appendChild(th);
  }
  if (!rows.length) {
    const cell = table.insertRow().insertCell();
    cell.colSpan = columns.length;
    cell.className = "empty";
    cell.textContent = empty;
    return;
  }
  for (const row of rows) {
    const tr = table.insertRow();
    tr.dataset.id = row.id || "";
    for (const [, key] of columns) {
      const td = tr.insertCell();
      if (key === "pseudonym" && row.id) td.appendChild(link(row.id, row.pseudonym));
      else td.textContent = fmt(row[key]);
    }
  }
}

const RANKED = [["rank", "rank"], ["student", "pseudonym"], ["p90 ms", "p90_ms"], ["p90 interval", "p90_ms_interval"],
                ["p50 ms", "p50_ms"], ["quality", "quality"], ["bytes", "model_bytes"], ["peak bytes", "peak_bytes"]];

function render(board) {
  const c = board.categories;
  fillTable("fastest_digits", c.fastest_digits, RANKED, "no digits classifier at the gate yet");
  fillTable("memory_tinygpt", c.memory_tinygpt,
            [["rank", "rank"], ["student", "pseudonym"], ["peak bytes", "peak_bytes"], ["bytes", "model_bytes"],
             ["quality", "quality"], ["p90 ms", "p90_ms"]], "no TinyGPT at the gate yet");
  const front = [["student", "pseudonym"], ["quality", "quality"], ["bytes", "model_bytes"], ["p90 ms", "p90_ms"]];
  fillTable("tradeoff_digits", c.tradeoff.digits, front, "none yet");
  fillTable("tradeoff_tinygpt", c.tradeoff.tinygpt, front, "none yet");
  fillTable("creative", c.creative, [["student", "pseudonym"], ["task", "task"], ["why", "note"]], "not picked yet");
  fillTable("trainer", c.trainer, [["rank", "rank"], ["student", "pseudonym"], ["seconds", "seconds"],
                                   ["target accuracy", "target_accuracy"], ["reached", "accuracy"]],
            "measured when module 20 is autograded");
  fillTable("recent", board.recent, [["student", "pseudonym"], ["task", "task"], ["file", "filename"],
                                     ["status", "status"], ["reason", "reason"]], "no submissions yet");
  const q = board.queue;
  document.getElementById("queue").textContent =
    `queued ${q.queued} · measuring ${q.measuring} · measured ${q.measured} · failed ${q.failed}` +
    ` · measurement: ${board.measurement}`;
  document.getElementById("board-updated").textContent = "updated " + new Date().toLocaleTimeString();
}

async function poll() {
  try {
    const resp = await fetch("/api/leaderboard", {cache: "no-store"});
    if (resp.ok) render(await resp.json());
  } catch (err) {
    document.getElementById("board-updated").textContent = "(server unreachable, retrying)";
  }
  setTimeout(poll, POLL_MS);
}

async function upload(event) {
  event.preventDefault();
  const status = document.getElementById("upload-status");
  const file = document.getElementById("artifact").files[0];
  const token = document.getElementById("token").value.trim();
  const body = new FormData();
  body.append("artifact", file, file.name);
  status.textContent = "uploading…";
  try {
    const resp = await fetch("/api/submissions", {method: "POST", body,
                                                  headers: {"Authorization": "Bearer " + token}});
    const data = await resp.json();
    status.replaceChildren();
    if (resp.ok) {
      status.className = "good";
      status.append(`queued as ${data.pseudonym}: `, link(data.id, "submission " + data.id));
    } else {
      status.className = "bad";
      status.textContent = `rejected (${resp.status}): ${data.error}`;
    }
  } catch (err) {
    status.className = "bad";
    status.textContent = "upload failed: " + err;
  }
}

document.getElementById("upload-form").addEventListener("submit", upload);
poll();
