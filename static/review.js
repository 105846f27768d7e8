// sverka review page: live updates, keyboard shortcuts, evidence pairs.
// Everything here is an enhancement: every action is also a plain form or link.
(function () {
  "use strict";

  const table = document.getElementById("beads");
  const tbody = document.getElementById("rows");
  const live = document.getElementById("live");
  const holder = document.querySelector("[data-doc]");
  const docId = holder ? holder.dataset.doc : null;

  // ----- notices -----
  let noticeTimer = null;
  function notice(text) {
    if (!live) return;
    live.textContent = text;
    live.classList.add("show");
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(function () { live.classList.remove("show"); }, 6000);
  }
  document.body.addEventListener("sverka-notice", function (e) {
    notice(e.detail && e.detail.value ? e.detail.value : "Changed meanwhile; the current state is shown.");
  });

  // ----- focus -----
  function rows() { return tbody ? Array.from(tbody.querySelectorAll("tr.bead")) : []; }
  function focused() {
    const a = document.activeElement;
    const tr = a && a.closest ? a.closest("tr.bead") : null;
    return tr || (tbody ? tbody.querySelector("tr.bead.kb-focus") : null);
  }
  function focusRow(tr) {
    if (!tr) return;
    rows().forEach(function (r) { r.classList.remove("kb-focus"); });
    tr.classList.add("kb-focus");
    tr.focus({ preventScroll: true });
    const box = tr.getBoundingClientRect();
    if (box.top < 60 || box.bottom > window.innerHeight) {
      tr.scrollIntoView({ block: "center" });
    }
  }
  function fromHash() {
    const m = /^#b(\d+)$/.exec(location.hash);
    if (!m) return;
    const row = document.getElementById("b" + m[1]);
    if (row || !tbody || !docId) { focusRow(row); return; }
    // The bead was replaced (merged, split, re-aligned) since the link was made: where the
    // server sends its old address is the bead that holds its sentences now.
    fetch("/documents/" + docId + "/beads/" + m[1], { credentials: "same-origin" })
      .then(function (r) {
        const now = r.ok ? /\/beads\/(\d+)/.exec(new URL(r.url).pathname) : null;
        const again = now ? document.getElementById("b" + now[1]) : null;
        if (again) { history.replaceState(null, "", "#b" + now[1]); focusRow(again); }
      })
      .catch(function () {});
  }

  // ----- evidence: hovering a matched word shows its partner -----
  function pairOn(e, on) {
    const m = e.target.closest ? e.target.closest("mark.ev[data-pair]") : null;
    if (!m) return;
    const tr = m.closest("tr");
    if (!tr) return;
    tr.querySelectorAll('mark.ev[data-pair="' + m.dataset.pair + '"]').forEach(function (x) {
      x.classList.toggle("pair-on", on);
    });
  }
  document.addEventListener("mouseover", function (e) { pairOn(e, true); });
  document.addEventListener("mouseout", function (e) { pairOn(e, false); });

  // ----- live updates -----
  // Whether the reader is typing in the table (then structural refreshes wait).
  function typing() {
    const a = document.activeElement;
    return !!(a && tbody && tbody.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName));
  }
  function rowsUrl() {
    const u = new URL(location.href);
    u.searchParams.set("partial", "rows");
    u.hash = "";
    return u.toString();
  }
  // Replaces rows keeping the reader's place: the focused row (or the first visible one)
  // stays where it was on the screen.
  function keepPlace(swap) {
    const f = focused();
    const anchor = f || rows().find(function (r) { return r.getBoundingClientRect().bottom > 0; });
    const id = anchor ? anchor.id : null;
    const top = anchor ? anchor.getBoundingClientRect().top : 0;
    const hadFocus = !!(f && f.contains(document.activeElement));
    return Promise.resolve(swap()).then(function () {
      const again = id ? document.getElementById(id) : null;
      if (again) {
        window.scrollBy(0, again.getBoundingClientRect().top - top);
        if (f) {
          again.classList.add("kb-focus");
          if (hadFocus) again.focus({ preventScroll: true });
        }
      }
    });
  }
  let pendingReload = false;
  function reloadRows() {
    if (!tbody) return;
    if (typing()) { pendingReload = true; return; }
    pendingReload = false;
    fetch(rowsUrl(), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        return keepPlace(function () { tbody.innerHTML = html; if (window.htmx) htmx.process(tbody); });
      })
      .catch(function () { notice("Could not refresh the beads; reload the page."); });
  }
  document.addEventListener("focusout", function () {
    if (pendingReload) setTimeout(function () { if (pendingReload) reloadRows(); }, 50);
  });
  document.body.addEventListener("sverka-reload", reloadRows);
  function refreshRow(id) {
    const tr = document.getElementById("b" + id);
    if (!tr) return;
    if (tr.contains(document.activeElement) && typing()) return;
    const back = table.dataset.back || location.pathname;
    const url = "/documents/" + docId + "/beads/" + id + "/row?back=" + encodeURIComponent(back);
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        return keepPlace(function () {
          const now = document.getElementById("b" + id);
          if (!now) return;
          const t = document.createElement("tbody");
          t.innerHTML = html;
          const fresh = t.querySelector("tr");
          if (!fresh) return;
          now.replaceWith(fresh);
          if (window.htmx) htmx.process(fresh);
        });
      })
      .catch(function () { reloadRows(); });
  }
  // One stream per tab at most, and none while the page is hidden in the back/forward cache:
  // a cached page that kept its stream would hold one of the browser's six connections to
  // this server, and after a few visits back and forth every request of the tab would queue
  // behind them (see docs/server.md, "Live updates and connections").
  let stream = null;
  let missed = false;
  function listen() {
    if (!docId || !window.EventSource || stream) return;
    const es = new EventSource("/documents/" + docId + "/live");
    stream = es;
    let dropped = false;
    es.addEventListener("hello", function () {
      document.documentElement.dataset.live = "on";
      if (dropped) { dropped = false; reloadRows(); notice("Reconnected; the beads are up to date."); }
      else if (missed) { missed = false; reloadRows(); }
    });
    es.addEventListener("change", function (e) {
      let ev;
      try { ev = JSON.parse(e.data); } catch (_) { return; }
      // Your own actions show on your page already; others' get a notice.
      if (!live || ev.who !== live.dataset.me) notice(ev.message);
      if (!tbody) return;
      if (ev.structural || ev.bead === null) reloadRows();
      else refreshRow(ev.bead);
    });
    es.addEventListener("reload", reloadRows);
    es.onerror = function () {
      dropped = true;
      document.documentElement.dataset.live = "off";
    };
  }
  function unlisten() {
    if (!stream) return;
    stream.close();
    stream = null;
    missed = true;
    document.documentElement.dataset.live = "off";
  }
  window.addEventListener("pagehide", unlisten);
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    // Back from the back/forward cache: nothing is being sent any more, and what changed
    // meanwhile is fetched when the stream is back.
    clearPending();
    submitting = false;
    listen();
  });

  // ----- pending and failed actions -----
  // An action sent in the background shows that it is on its way (the button is marked busy
  // and the row says "Sending…"); one that fails says so and offers to try again.
  const failure = document.createElement("div");
  failure.className = "failure";
  failure.setAttribute("role", "alert");
  failure.hidden = true;
  const failureText = document.createElement("span");
  const retry = document.createElement("button");
  retry.type = "button";
  retry.textContent = "Try again";
  const dismiss = document.createElement("button");
  dismiss.type = "button";
  dismiss.className = "link";
  dismiss.textContent = "Dismiss";
  failure.append(failureText, " ", retry, " ", dismiss);
  document.body.appendChild(failure);
  let retryWith = null;
  retry.addEventListener("click", function () {
    failure.hidden = true;
    const again = retryWith;
    retryWith = null;
    if (again) again();
  });
  dismiss.addEventListener("click", function () { failure.hidden = true; retryWith = null; });
  function failed(text, again) {
    failureText.textContent = text;
    retryWith = again;
    retry.hidden = !again;
    failure.hidden = false;
  }
  function what(el) {
    const label = el && el.getAttribute ? el.getAttribute("aria-label") || el.textContent.trim() : "";
    return label ? "“" + label + "”" : "Your action";
  }
  function markPending(el, on) {
    if (!el || !el.classList) return;
    el.classList.toggle("pending", on);
    if (on) el.setAttribute("aria-busy", "true"); else el.removeAttribute("aria-busy");
    const tr = el.closest ? el.closest("tr.bead") : null;
    if (tr) tr.classList.toggle("sending", on);
  }
  function clearPending() {
    document.querySelectorAll(".pending, tr.sending").forEach(function (el) { markPending(el, false); el.classList.remove("sending"); });
  }
  if (window.htmx) {
    // A request the server never answers fails after this long (and can be retried).
    htmx.config.timeout = 15000;
  }
  document.body.addEventListener("htmx:beforeRequest", function (e) { markPending(e.detail.elt, true); });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    const el = e.detail.elt;
    markPending(el, false);
    if (e.detail.successful) return;
    const xhr = e.detail.xhr;
    const status = xhr && xhr.status ? " (the server answered " + xhr.status + ")" : " (no answer from the server)";
    failed(what(el) + " did not go through" + status + ".", document.body.contains(el) ? function () { el.click(); } : null);
  });
  // Plain forms (a page load follows): mark the button busy until the next page shows.
  let submitting = false;
  document.addEventListener("submit", function (e) {
    if (e.defaultPrevented) return;
    submitting = true;
    markPending(e.submitter || e.target.querySelector("button[type=submit], button:not([type])"), true);
  });

  // ----- half-typed text is not lost by leaving the page -----
  function typed(el) {
    if (el.tagName === "TEXTAREA") return el.value !== el.defaultValue && el.value.trim() !== "";
    if (el.tagName === "INPUT" && el.type === "text") return el.value !== el.defaultValue && el.value.trim() !== "";
    if (el.tagName === "INPUT" && el.type === "file") return el.files && el.files.length > 0;
    return false;
  }
  window.addEventListener("beforeunload", function (e) {
    if (submitting) return;
    const dirty = Array.from(document.querySelectorAll("main textarea, main input")).some(typed);
    if (!dirty) return;
    e.preventDefault();
    e.returnValue = "";
  });

  // ----- confirmations -----
  // Deleting a document and restoring an earlier state ask first: without JavaScript the
  // server shows a confirmation page; with it, a dialog the keyboard answers (Enter confirms,
  // Escape cancels).
  let dialog = null;
  function confirmDialog(text, yes, onYes) {
    if (!window.HTMLDialogElement) { if (window.confirm(text)) onYes(); return; }
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "confirm";
      dialog.setAttribute("aria-labelledby", "confirm-text");
      const p = document.createElement("p");
      p.id = "confirm-text";
      const f = document.createElement("form");
      f.method = "dialog";
      const ok = document.createElement("button");
      ok.value = "yes";
      ok.className = "confirm-yes";
      const no = document.createElement("button");
      no.value = "no";
      no.className = "confirm-no";
      no.textContent = "Cancel";
      f.append(ok, " ", no);
      dialog.append(p, f);
      document.body.appendChild(dialog);
    }
    dialog.querySelector("p").textContent = text;
    const ok = dialog.querySelector(".confirm-yes");
    ok.textContent = yes;
    dialog.returnValue = "";
    dialog.onclose = function () { if (dialog.returnValue === "yes") onYes(); };
    dialog.showModal();
    ok.focus();
  }
  document.addEventListener("submit", function (e) {
    const f = e.target;
    if (!f.matches || !f.matches("form[data-confirm]") || f.querySelector("input[name=confirm]")) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    confirmDialog(f.dataset.confirm, f.dataset.confirmYes || "Yes", function () {
      const c = document.createElement("input");
      c.type = "hidden";
      c.name = "confirm";
      c.value = "yes";
      f.appendChild(c);
      f.requestSubmit ? f.requestSubmit() : f.submit();
    });
  }, true);
  // Forms rendered without the attribute (the history's "restore to here") ask too.
  document.querySelectorAll('form[action$="/restore"]').forEach(function (f) {
    if (!f.dataset.confirm) {
      f.dataset.confirm = "Restore the document to its state right after this change? Every later alignment and wording change is reverted (each revert is logged and can itself be reverted).";
      f.dataset.confirmYes = "Restore";
    }
  });

  // ----- keyboard -----
  const help = document.getElementById("keys-help");
  function act(key) {
    const tr = focused();
    if (!tr) { notice("Press j to choose a bead first."); return; }
    const el = tr.querySelector('[data-key="' + key + '"]');
    if (!el) {
      const why = { "1": "Sign in to vote.", "2": "Sign in to vote.", a: "Only admins approve, and only unapproved beads.",
        m: "This bead cannot be merged with a next one.", u: "This bead is already one-sided.", s: "This bead cannot be split.",
        c: "Sign in to comment." };
      notice(why[key] || "Not available here.");
      return;
    }
    if (key === "a") {
      const n = tr.querySelector("td.num a");
      confirmDialog("Approve bead " + (n ? n.textContent.trim() : "") + " as it is? (An approval can be reverted from the history.)", "Approve", function () { el.click(); });
      return;
    }
    if (el.classList.contains("pending")) { notice("Still sending…"); return; }
    el.click();
  }
  function next() {
    const tr = focused();
    const from = tr ? "?from=" + tr.dataset.bead : "";
    fetch("/documents/" + docId + "/next" + from, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.bead === null) { notice("Every bead is approved."); return; }
        const row = document.getElementById("b" + j.bead);
        if (row) { history.replaceState(null, "", "#b" + j.bead); focusRow(row); }
        else location.href = j.href;
      })
      .catch(function () { location.href = "/documents/" + docId + "/next" + from; });
  }
  // The next row of this page with a finding of the automatic checks (after the focused one).
  function nextFinding(all, i) {
    for (let j = i + 1; j < all.length; j++) {
      if (all[j].classList.contains("has-findings")) { focusRow(all[j]); return; }
    }
    const more = document.querySelector('.pager a[rel="next"]');
    notice("No more findings on this page." + (more ? " The next page may have more; the Findings filter lists them all." : ""));
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (dialog && dialog.open) return;
    const t = e.target;
    if (t && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)) {
      if (e.key === "Escape") t.blur();
      return;
    }
    if (e.key === "?" && help) {
      help.open = !help.open;
      if (help.open) help.scrollIntoView({ block: "nearest" });
      e.preventDefault();
      return;
    }
    if (e.key === "Escape" && help && help.open) { help.open = false; return; }
    if (!tbody) return;
    const all = rows();
    const cur = focused();
    const i = cur ? all.indexOf(cur) : -1;
    switch (e.key) {
      case "j": focusRow(all[Math.min(i + 1, all.length - 1)]); break;
      case "k": focusRow(all[Math.max(i - 1, 0)]); break;
      case "n": next(); break;
      case "f": nextFinding(all, i); break;
      case "/": { const q = document.getElementById("q"); if (q) q.focus(); break; }
      case "1": case "2": case "m": case "s": case "u": case "c": case "a": act(e.key); break;
      default: return;
    }
    e.preventDefault();
  });
  if (tbody) {
    tbody.addEventListener("click", function (e) {
      const tr = e.target.closest("tr.bead");
      if (tr && !e.target.closest("a,button,input,textarea,select")) focusRow(tr);
    });
    // htmx swaps a row after an action: keep the keyboard focus on the new row.
    let acting = null;
    document.body.addEventListener("htmx:beforeRequest", function (e) {
      const tr = e.detail && e.detail.elt && e.detail.elt.closest ? e.detail.elt.closest("tr.bead") : null;
      acting = tr ? tr.id : null;
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      if (!acting) return;
      const tr = document.getElementById(acting);
      acting = null;
      if (tr) focusRow(tr);
    });
  }

  // The bead page: jump to the comment box or split choices when asked for.
  function beadPageFocus() {
    if (location.hash === "#add-comment") {
      const t = document.querySelector("#add-comment textarea");
      if (t) t.focus();
    } else if (location.hash === "#split") {
      const r = document.querySelector("#split input[type=radio]");
      if (r) r.focus();
    }
  }

  // The new-document page: a file over the limit is refused before it is sent, naming its side.
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    const out = document.getElementById(input.id + "-size");
    input.addEventListener("change", function () {
      const max = Number(input.dataset.maxBytes);
      const f = input.files && input.files[0];
      let msg = "";
      if (f && f.size > max) {
        msg = "The " + input.dataset.side + " file is " + (f.size / 1e6).toFixed(1) + " MB, over the " +
          Math.round(max / 1e6) + " MB limit. Choose a smaller file.";
      }
      input.setCustomValidity(msg);
      if (out) out.textContent = msg;
    });
  });

  listen();
  fromHash();
  beadPageFocus();
  // The browser's own scroll to the fragment may move focus after this script: again.
  window.addEventListener("load", function () { setTimeout(beadPageFocus, 0); });
  window.addEventListener("hashchange", fromHash);
})();
