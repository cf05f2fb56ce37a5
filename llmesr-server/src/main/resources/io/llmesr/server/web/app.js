// The LLM-ESR demo page: search the catalogue, build a history, see the top 10, add items.
// Plain browser JavaScript over the JSON API (/v1); no build step, no dependencies.
(function () {
  "use strict";

  var state = { history: [] }; // [{id, title, tail, added}]
  var recsRequest = 0;

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text; // text only: item data is never HTML
    return e;
  }

  function showMessage(text) {
    var m = $("message");
    m.textContent = text || "";
    m.hidden = !text;
  }

  function api(method, path, body) {
    var opts = { method: method, headers: {} };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) {
          var msg = (data && data.error) || ("HTTP " + res.status);
          var err = new Error(msg);
          err.status = res.status;
          err.field = data && data.field;
          throw err;
        }
        return data;
      });
    });
  }

  function badges(item) {
    var span = el("span", "badges");
    span.appendChild(el("span", "badge " + (item.tail ? "tail" : "head"), item.tail ? "tail" : "head"));
    if (item.added) {
      span.appendChild(document.createTextNode(" "));
      span.appendChild(el("span", "badge added", "added"));
    }
    return span;
  }

  function itemRow(item) {
    var li = el("li");
    li.dataset.id = item.id;
    li.appendChild(el("span", "title", item.title));
    li.appendChild(el("span", "id", item.id));
    li.appendChild(badges(item));
    return li;
  }

  // ---- model info ----
  function loadModel() {
    api("GET", "/ready").then(function (r) {
      var m = r.model || {};
      $("model-info").textContent = [m.method, m.backbone].filter(Boolean).join(" · ") +
        (m.bundle ? " · bundle " + m.bundle : "") + " · " + m.items + " items" +
        (m.added_items ? " (" + m.added_items + " added)" : "") + " · reads the last " + m.max_history + " items";
    }).catch(function (e) { $("model-info").textContent = "model not ready: " + e.message; });
  }

  // ---- search ----
  var searchTimer = null;
  function search() {
    var q = $("search-input").value.trim();
    var list = $("search-results");
    if (!q) { list.replaceChildren(); return; }
    api("GET", "/v1/items?limit=20&q=" + encodeURIComponent(q)).then(function (r) {
      list.replaceChildren();
      if (r.items.length === 0) {
        list.appendChild(el("li", "muted", "No item matches “" + q + "”."));
        return;
      }
      r.items.forEach(function (item) {
        var li = itemRow(item);
        li.title = "Add to history";
        li.addEventListener("click", function () { addToHistory(item); });
        list.appendChild(li);
      });
      showMessage("");
    }).catch(function (e) { showMessage("Search failed: " + e.message); });
  }

  // ---- history ----
  function addToHistory(item) {
    state.history = state.history.filter(function (h) { return h.id !== item.id; });
    state.history.push({ id: item.id, title: item.title, tail: item.tail, added: item.added });
    renderHistory();
    recommend();
  }

  function removeFromHistory(id) {
    state.history = state.history.filter(function (h) { return h.id !== id; });
    renderHistory();
    recommend();
  }

  function renderHistory() {
    var list = $("history");
    list.replaceChildren();
    state.history.forEach(function (item) {
      var li = itemRow(item);
      var rm = el("button", "remove", "×");
      rm.type = "button";
      rm.title = "Remove from history";
      rm.setAttribute("aria-label", "Remove " + item.title);
      rm.addEventListener("click", function () { removeFromHistory(item.id); });
      li.appendChild(rm);
      list.appendChild(li);
    });
    $("history-empty").hidden = state.history.length > 0;
    $("history-clear").hidden = state.history.length === 0;
  }

  // ---- recommendations ----
  function recommend() {
    var list = $("recs");
    var mine = ++recsRequest;
    if (state.history.length === 0) {
      list.replaceChildren();
      $("recs-meta").textContent = "";
      $("recs-empty").hidden = false;
      return;
    }
    var body = { history: state.history.map(function (h) { return h.id; }), k: 10 };
    api("POST", "/v1/recommend", body).then(function (r) {
      if (mine !== recsRequest) return; // an older answer arriving late
      list.replaceChildren();
      r.items.forEach(function (item) {
        var li = itemRow(item);
        var score = el("span", "score", item.score.toFixed(3));
        li.insertBefore(score, li.children[1]);
        li.title = "Add to history";
        li.addEventListener("click", function () { addToHistory(item); });
        list.appendChild(li);
      });
      var meta = "model read " + r.history_used + " of " + state.history.length + " history items";
      if (r.truncated) meta += " (oldest dropped)";
      if (r.unknown_ids.length) meta += " · unknown: " + r.unknown_ids.join(", ");
      $("recs-meta").textContent = meta;
      $("recs-empty").hidden = true;
      showMessage("");
    }).catch(function (e) {
      if (mine !== recsRequest) return;
      showMessage("Recommendation failed: " + e.message);
    });
  }

  // ---- add item ----
  function addItem(ev) {
    ev.preventDefault();
    var id = $("add-id").value.trim();
    var text = $("add-text").value.trim();
    var status = $("add-status");
    status.className = "status";
    status.textContent = "adding…";
    api("POST", "/v1/items", { id: id, text: text }).then(function (item) {
      status.className = "status ok";
      status.textContent = "Added " + item.id + " — " + item.title + ". It can be searched and recommended now.";
      $("add-id").value = "";
      $("add-text").value = "";
      loadModel();
      recommend();
    }).catch(function (e) {
      status.className = "status error";
      status.textContent = "Could not add: " + e.message;
    });
  }

  // ---- wiring ----
  $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search(); });
  $("search-input").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 250);
  });
  $("history-clear").addEventListener("click", function () {
    state.history = [];
    renderHistory();
    recommend();
  });
  $("add-form").addEventListener("submit", addItem);

  renderHistory();
  loadModel();
})();
