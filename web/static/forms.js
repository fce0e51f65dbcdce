/* Progressive enhancement of the case forms: questions that do not apply are hidden, rows are
   added and removed without a round trip. Without this script every question shows, labelled
   with when it applies, and the row buttons submit the form. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var PLACEHOLDER = "__INDEX__";

  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.disabled) continue;
      if (input.type === "checkbox") return input.checked ? "y" : "";
      if (input.type === "radio") { if (input.checked) return input.value; continue; }
      return input.value;
    }
    return "";
  }

  function applies(form, element) {
    var rules = JSON.parse(element.getAttribute("data-when"));
    return rules.every(function (rule) { return rule.values.indexOf(valueOf(form, rule.name)) >= 0; });
  }

  function refresh(form) {
    // Twice: a hidden question no longer counts, which may hide the questions depending on it.
    for (var round = 0; round < 3; round++) {
      var changed = false;
      form.querySelectorAll("[data-when]").forEach(function (element) {
        var show = applies(form, element) || element.querySelector(".field-error") !== null;
        if (element.hidden === show) { element.hidden = !show; changed = true; }
      });
      form.querySelectorAll("input, select, textarea").forEach(function (input) {
        if (input.type === "hidden") return;
        input.disabled = input.closest("[hidden]") !== null;
      });
      if (!changed) break;
    }
  }

  function renumber(list) {
    var rows = list.querySelectorAll(":scope > .row-list > .row");
    rows.forEach(function (row, index) {
      var text = row.getAttribute("data-label") + " " + (index + 1);
      var title = row.querySelector(":scope > fieldset > legend, :scope > .field > label");
      if (title) title.textContent = text;
      var hidden = row.querySelector(":scope .remove .sr-only");
      if (hidden) hidden.textContent = " : " + text;
    });
  }

  function announce(form, message) {
    var live = form.querySelector("[data-announce]");
    if (live) live.textContent = message;
  }

  function addRow(form, listId) {
    var list = document.getElementById(listId);
    var template = list && list.querySelector(':scope > template[data-template="' + listId + '"]');
    if (!template) return;
    var rows = list.querySelector(":scope > .row-list");
    var max = parseInt(list.getAttribute("data-max"), 10);
    if (max && rows.children.length >= max) { announce(form, "Nombre maximal de lignes atteint."); return; }
    var next = parseInt(list.getAttribute("data-next"), 10) || rows.children.length;
    list.setAttribute("data-next", String(next + 1));
    var html = template.innerHTML.split(listId + "-" + PLACEHOLDER).join(listId + "-" + next);
    rows.insertAdjacentHTML("beforeend", html);
    renumber(list);
    refresh(form);
    var added = rows.lastElementChild;
    var first = added && added.querySelector("input:not([type=hidden]):not([disabled]), select, textarea");
    if (first) first.focus();
    announce(form, "Ligne ajoutée.");
  }

  function removeRow(form, rowId) {
    var row = form.querySelector('[data-row="' + rowId + '"]');
    if (!row) return;
    var list = row.closest("[data-rows]");
    row.remove();
    renumber(list);
    var add = list.querySelector(":scope > button.add");
    if (add) add.focus();
    announce(form, "Ligne supprimée.");
  }

  function enhance(form) {
    form.addEventListener("change", function () { refresh(form); });
    form.addEventListener("click", function (event) {
      var button = event.target.closest('button[name="action"]');
      if (!button) return;
      var parts = button.value.split(":");
      if (parts[0] === "ajouter") { event.preventDefault(); addRow(form, parts.slice(1).join(":")); }
      if (parts[0] === "supprimer") { event.preventDefault(); removeRow(form, parts.slice(1).join(":")); }
    });
    form.addEventListener("submit", function () {
      // Disabled questions are not sent; enable nothing, but re-check once before leaving.
      refresh(form);
    });
    refresh(form);
    var summary = document.getElementById("erreurs");
    if (summary) summary.focus();
  }

  // A long check (a template's trial renders take seconds): say so, and refuse a double submit.
  function busy(form) {
    var button = form.querySelector("button[data-busy]");
    if (!button) return;
    form.addEventListener("submit", function (event) {
      if (button.disabled) { event.preventDefault(); return; }
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
      button.textContent = button.getAttribute("data-busy");
      form.setAttribute("aria-busy", "true");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.case-form").forEach(enhance);
    document.querySelectorAll("form").forEach(busy);
  });
})();
