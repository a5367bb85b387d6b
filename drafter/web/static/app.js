/* drafter: rows edited in place and a live preview. Without this file the page still
   works: every row button is a submit button the server carries out. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.getElementById("letter-form");
  if (!form) return;
  var previewBox = document.getElementById("preview");
  var previewLive = document.getElementById("preview-live");
  var rowLive = document.createElement("p");
  rowLive.className = "vh";
  rowLive.setAttribute("aria-live", "polite");
  document.body.appendChild(rowLive);

  function announce(text) {
    rowLive.textContent = "";
    window.setTimeout(function () { rowLive.textContent = text; }, 30);
  }

  function rowsOf(list) {
    return Array.prototype.slice.call(list.querySelector("[data-rows]").children);
  }

  /* Give every row of a list the index of its position: names, ids, labels, buttons. */
  function renumber(list) {
    var name = list.getAttribute("data-list");
    var fieldRe = new RegExp("^" + name + "-\\d+");
    var buttonRe = new RegExp("^(up|down|remove)-" + name + "-\\d+$");
    rowsOf(list).forEach(function (row, i) {
      var els = row.querySelectorAll("[id],[name],[for],[aria-describedby]");
      Array.prototype.forEach.call(els, function (el) {
        ["id", "name", "for"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (!v) return;
          if (fieldRe.test(v)) el.setAttribute(attr, v.replace(fieldRe, name + "-" + i));
          else if (buttonRe.test(v)) el.setAttribute(attr, v.replace(/-\d+$/, "-" + i));
        });
        var d = el.getAttribute("aria-describedby");
        if (d) {
          el.setAttribute("aria-describedby", d.split(" ").map(function (part) {
            return part.replace(fieldRe, name + "-" + i);
          }).join(" "));
        }
        if (el.tagName === "BUTTON" && el.getAttribute("data-op")) {
          el.value = el.getAttribute("data-op") + ":" + name + ":" + i;
        }
      });
      Array.prototype.forEach.call(row.querySelectorAll("[data-n]"), function (span) {
        span.textContent = String(i + 1);
      });
    });
  }

  function firstInput(row) {
    return row.querySelector("textarea, input, select");
  }

  function addRow(list, blockType) {
    var name = list.getAttribute("data-list");
    var tpl = document.getElementById("tpl-" + name);
    if (!tpl) return null;
    var row = tpl.content.firstElementChild.cloneNode(true);
    list.querySelector("[data-rows]").appendChild(row);
    if (blockType) {
      var select = row.querySelector("[data-block-type]");
      if (select) select.value = blockType;
      row.setAttribute("data-type", blockType);
    }
    renumber(list);
    var target = name === "noi_dung" ? row.querySelector("textarea") : firstInput(row);
    if (target) target.focus();
    announce("Đã thêm dòng " + rowsOf(list).length + ".");
    return row;
  }

  function moveRow(list, row, delta, keepFocus) {
    var rows = rowsOf(list);
    var i = rows.indexOf(row);
    var j = i + delta;
    if (j < 0 || j >= rows.length) {
      announce(delta < 0 ? "Đã ở đầu danh sách." : "Đã ở cuối danh sách.");
      return;
    }
    var parent = row.parentNode;
    if (delta < 0) parent.insertBefore(row, rows[j]);
    else parent.insertBefore(row, rows[j].nextSibling);
    renumber(list);
    if (keepFocus) keepFocus.focus();
    announce("Đã chuyển tới vị trí " + (j + 1) + ".");
    schedulePreview();
  }

  function removeRow(list, row) {
    var rows = rowsOf(list);
    var i = rows.indexOf(row);
    row.parentNode.removeChild(row);
    renumber(list);
    var rest = rowsOf(list);
    var next = rest[Math.min(i, rest.length - 1)];
    var target = next ? firstInput(next) : list.querySelector("[data-op='add']");
    if (target) target.focus();
    announce("Đã xóa dòng " + (i + 1) + ". Còn " + rest.length + " dòng.");
    schedulePreview();
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-op]");
    if (!button || !form.contains(button)) return;
    var list = button.closest("[data-list]");
    if (!list) return;
    event.preventDefault();
    var op = button.getAttribute("data-op");
    if (op === "add") {
      addRow(list, button.getAttribute("data-type"));
      schedulePreview();
      return;
    }
    var row = button.closest("[data-row]");
    if (op === "up") moveRow(list, row, -1, button);
    else if (op === "down") moveRow(list, row, 1, button);
    else if (op === "remove") removeRow(list, row);
  });

  form.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-block-type")) {
      el.closest("[data-row]").setAttribute("data-type", el.value);
    }
  });

  form.addEventListener("keydown", function (event) {
    var el = event.target;
    var row = el.closest && el.closest("[data-row]");
    var list = row && row.closest("[data-list]");
    /* Alt+↑ / Alt+↓ move the row the focus is in. */
    if (row && event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      moveRow(list, row, event.key === "ArrowUp" ? -1 : 1, el);
      return;
    }
    if (event.key !== "Enter" || el.tagName !== "INPUT" || el.type === "file") return;
    /* Enter never submits the whole form by surprise; in a one-line list it moves to the
       next line, adding one at the end. */
    event.preventDefault();
    if (list && el.type === "text" && list.getAttribute("data-list") !== "ky_tham_quyen") {
      var rows = rowsOf(list);
      var i = rows.indexOf(row);
      if (i === rows.length - 1) {
        if (el.value.trim()) addRow(list, null);
      } else {
        var next = firstInput(rows[i + 1]);
        if (next) next.focus();
      }
    }
  });

  /* Links to a field (error list, preview problems) put the focus in it. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target && /^(INPUT|TEXTAREA|SELECT|FIELDSET|DIV)$/.test(target.tagName)) {
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus();
    }
  });

  /* --- Live preview ------------------------------------------------------------------ */
  var previewUrl = form.getAttribute("data-preview-url");
  var timer = null;
  var pending = null;
  var sequence = 0;

  function refreshPreview() {
    if (!previewBox || !previewUrl || !window.fetch) return;
    var body = new FormData(form);
    body.delete("json_file");
    body.delete("action");
    var token = form.querySelector("input[name='csrf_token']");
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    var mine = ++sequence;
    previewBox.setAttribute("aria-busy", "true");
    window.fetch(previewUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: token ? { "X-CSRFToken": token.value } : {},
      signal: pending ? pending.signal : undefined
    }).then(function (response) {
      return response.text();
    }).then(function (html) {
      if (mine !== sequence) return;
      var open = previewBox.querySelector("details[open]") !== null;
      previewBox.innerHTML = html;
      var details = previewBox.querySelector("details");
      if (details && open) details.open = true;
      previewBox.removeAttribute("aria-busy");
      var status = previewBox.querySelector("[data-status]");
      if (status && previewLive) previewLive.textContent = status.getAttribute("data-status");
    }).catch(function (err) {
      if (err && err.name === "AbortError") return;
      previewBox.removeAttribute("aria-busy");
      if (previewLive) previewLive.textContent = "Không cập nhật được bản xem trước (mất kết nối tới máy chủ?).";
    });
  }

  function schedulePreview() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(refreshPreview, 350);
  }

  form.addEventListener("input", function (event) {
    if (event.target.type !== "file") schedulePreview();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type !== "file") schedulePreview();
  });

  /* --- Print preview: the PDF's real pages --------------------------------------------
     "Xem bản in" posts the form to /print and puts the answer (page images inline, page
     checks) beside the form. Without this code the button submits the whole page, which
     comes back with the same fragment in it. */
  var printUrl = form.getAttribute("data-print-url");
  var printButton = document.getElementById("btn-print");
  var printSection = document.getElementById("print-section");
  var printBox = document.getElementById("print-preview");
  var printLive = document.getElementById("print-live");
  var printClose = document.getElementById("print-close");
  var printLabel = printButton ? printButton.textContent : "";
  var printing = false;

  function sayPrint(text) {
    if (!printLive) return;
    printLive.textContent = "";
    window.setTimeout(function () { printLive.textContent = text; }, 30);
  }

  function setPrintBusy(busy) {
    printing = busy;
    printButton.classList.toggle("is-busy", busy);
    printButton.setAttribute("aria-disabled", busy ? "true" : "false");
    printButton.textContent = busy ? "Đang tạo bản in…" : printLabel;
    if (busy) printSection.setAttribute("aria-busy", "true");
    else printSection.removeAttribute("aria-busy");
  }

  function printMessage(text) {
    printBox.textContent = "";
    var p = document.createElement("p");
    p.className = "notice notice-error print-error";
    p.textContent = text;
    printBox.appendChild(p);
    sayPrint(text);
  }

  function revealPrint() {
    var pane = printSection.closest(".preview-pane");
    if (window.matchMedia && window.matchMedia("(max-width: 1000px)").matches) {
      printSection.scrollIntoView({ block: "start" });
    } else if (pane) {
      pane.scrollTop = 0;
    }
  }

  function showPrint() {
    var body = new FormData(form);
    body.delete("json_file");
    body.delete("action");
    var token = form.querySelector("input[name='csrf_token']");
    printSection.hidden = false;
    printBox.classList.remove("is-stale");
    if (!printBox.querySelector(".print-body")) {
      printBox.textContent = "";
      var wait = document.createElement("p");
      wait.className = "print-wait";
      wait.textContent = "Đang chuyển công văn sang PDF…";
      printBox.appendChild(wait);
    }
    setPrintBusy(true);
    revealPrint();
    sayPrint("Đang tạo bản in: chuyển công văn sang PDF…");
    window.fetch(printUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: token ? { "X-CSRFToken": token.value } : {}
    }).then(function (response) {
      return response.text().then(function (html) {
        return { status: response.status, html: html };
      });
    }).then(function (answer) {
      setPrintBusy(false);
      if (answer.html.indexOf("data-print-status") === -1) {
        printMessage("Không tạo được bản in (lỗi máy chủ " + answer.status + "). " +
          "Nội dung đang soạn vẫn được giữ nguyên; hãy thử lại.");
        return;
      }
      printBox.innerHTML = answer.html;
      var status = printBox.querySelector("[data-print-status]");
      sayPrint(status.getAttribute("data-print-status"));
      revealPrint();
    }).catch(function () {
      setPrintBusy(false);
      printMessage("Không tạo được bản in (mất kết nối tới máy chủ?). " +
        "Nội dung đang soạn vẫn được giữ nguyên; hãy thử lại.");
    });
  }

  if (printButton && printSection && printBox && printUrl && window.fetch) {
    printButton.addEventListener("click", function (event) {
      event.preventDefault();
      if (!printing) showPrint();
    });
    if (printClose) {
      printClose.hidden = false;
      printClose.addEventListener("click", function () {
        printSection.hidden = true;
        printButton.focus();
      });
    }
    /* Pages made from an older text say so, rather than pass for the current letter. */
    var markStale = function (event) {
      if (event.target.type === "file" || printSection.hidden || printing) return;
      var note = printBox.querySelector(".print-stale");
      if (!note || !note.hidden) return;
      note.hidden = false;
      printBox.classList.add("is-stale");
    };
    form.addEventListener("input", markStale);
    form.addEventListener("change", markStale);
    form.addEventListener("click", function (event) {
      if (event.target.closest("button[data-op]")) markStale(event);
    });
  }
})();
