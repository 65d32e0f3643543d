/* zwgk report.html: filter and page the finding list (#finding-list).
   Reads data-* attributes and textContent, toggles `hidden`, sets textContent: it never
   builds HTML, so the page content the template escaped stays text. Without this script
   every row is shown. */
(function () {
  "use strict";
  var list = document.getElementById("finding-list");
  if (!list) { return; }
  var groups = Array.prototype.slice.call(list.querySelectorAll("div.grp"));
  var blocks = Array.prototype.slice.call(list.querySelectorAll("section.rule-block"));
  var size = parseInt(list.getAttribute("data-page-size"), 10) || 50;
  var controls = document.getElementById("finding-controls");
  var pager = document.getElementById("finding-pager");
  var counter = document.getElementById("finding-count");
  var prev = document.getElementById("page-prev");
  var next = document.getElementById("page-next");
  var f = {
    rule: document.getElementById("flt-rule"),
    task: document.getElementById("flt-task"),
    sev: document.getElementById("flt-sev"),
    status: document.getElementById("flt-status"),
    diff: document.getElementById("flt-diff"),
    text: document.getElementById("flt-text")
  };
  var texts = null;
  var matched = groups;
  var page = 0;

  function textOf(i) {
    if (texts === null) {
      texts = groups.map(function (g) { return (g.textContent || "").toLowerCase(); });
    }
    return texts[i];
  }

  function filter() {
    var q = f.text.value.replace(/^\s+|\s+$/g, "").toLowerCase();
    var want = { rule: f.rule.value, task: f.task.value, sev: f.sev.value, status: f.status.value, diff: f.diff.value };
    matched = [];
    for (var i = 0; i < groups.length; i++) {
      var d = groups[i].dataset;
      if (want.rule && groups[i].parentNode.dataset.rule !== want.rule) { continue; }
      if (want.task && d.task !== want.task) { continue; }
      if (want.sev && d.sev !== want.sev) { continue; }
      if (want.status && d.status !== want.status) { continue; }
      if (want.diff && d.diff !== want.diff) { continue; }
      if (q && textOf(i).indexOf(q) < 0) { continue; }
      matched.push(groups[i]);
    }
  }

  function show() {
    var pages = Math.max(1, Math.ceil(matched.length / size));
    if (page >= pages) { page = pages - 1; }
    if (page < 0) { page = 0; }
    var start = page * size;
    var end = Math.min(matched.length, start + size);
    var i;
    for (i = 0; i < groups.length; i++) { groups[i].hidden = true; }
    var findings = 0;
    for (i = 0; i < matched.length; i++) {
      findings += parseInt(matched[i].dataset.count, 10) || 0;
      if (i >= start && i < end) { matched[i].hidden = false; }
    }
    for (i = 0; i < blocks.length; i++) {
      blocks[i].hidden = blocks[i].querySelector("div.grp:not([hidden])") === null;
    }
    counter.dataset.rows = String(matched.length);
    counter.dataset.findings = String(findings);
    counter.dataset.page = String(page + 1);
    counter.dataset.pages = String(pages);
    counter.textContent = matched.length === 0 ? "没有符合条件的结果" :
      "第 " + (start + 1) + "–" + end + " 行，共 " + matched.length + " 行（" + findings + " 条结果）· 第 " +
      (page + 1) + " / " + pages + " 页";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function apply() { filter(); page = 0; show(); }

  function reset() {
    f.rule.value = ""; f.task.value = ""; f.sev.value = ""; f.status.value = ""; f.diff.value = ""; f.text.value = "";
  }

  function reveal(id) {
    var el = document.getElementById(id);
    if (!el || !list.contains(el)) { return false; }
    var grp = el.closest("div.grp");
    if (!grp) { return false; }
    if (matched.indexOf(grp) < 0) { reset(); filter(); }
    page = Math.floor(matched.indexOf(grp) / size);
    show();
    var d = el.closest("details");
    if (d) { d.open = true; }
    el.scrollIntoView();
    return true;
  }

  controls.hidden = false;
  pager.hidden = false;
  ["rule", "task", "sev", "status", "diff"].forEach(function (k) { f[k].addEventListener("change", apply); });
  f.text.addEventListener("input", apply);
  document.getElementById("flt-reset").addEventListener("click", function () { reset(); apply(); });
  prev.addEventListener("click", function () { page -= 1; show(); });
  next.addEventListener("click", function () { page += 1; show(); });

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!a) { return; }
    var task = a.getAttribute("data-filter-task");
    var diff = a.getAttribute("data-filter-diff");
    if (task !== null || diff !== null) {
      reset();
      if (task !== null) { f.task.value = task; }
      if (diff !== null) { f.diff.value = diff; }
      apply();
      return;
    }
    var id = a.getAttribute("href").slice(1);
    if (id && reveal(id)) { ev.preventDefault(); history.replaceState(null, "", "#" + id); }
  });
  window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });

  apply();
  if (location.hash.length > 1) { reveal(location.hash.slice(1)); }
}());
