/* drafter: rows edited in place, a live preview, presets filled in place, and the draft
   saved while the drafter types. Without this file the page still works: every row and
   preset button is a submit button the server carries out, and “Lưu” saves the draft. */
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

  /* A block shows only the fields its type has (data-for lists the types). */
  function syncBlockFields(row) {
    var type = row.getAttribute("data-type") || "";
    var shown = 0;
    Array.prototype.forEach.call(row.querySelectorAll("[data-for]"), function (el) {
      var used = (" " + el.getAttribute("data-for") + " ").indexOf(" " + type + " ") >= 0;
      el.hidden = !used;
      if (used) shown += 1;
    });
    var box = row.querySelector(".block-fields");
    if (box) box.hidden = shown === 0;
  }
  Array.prototype.forEach.call(form.querySelectorAll(".block-row"), syncBlockFields);

  function firstInput(row) {
    return row.querySelector("textarea, input, select");
  }

  function addRow(list, blockType, quiet) {
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
    if (row.classList.contains("block-row")) syncBlockFields(row);
    renumber(list);
    if (quiet) return row;
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
      var blockRow = el.closest("[data-row]");
      blockRow.setAttribute("data-type", el.value);
      syncBlockFields(blockRow);
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
    body.delete("docx_file");
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
      /* A session that ended sends the request to /login: never show that page as the
         preview. */
      if (response.redirected && /\/login/.test(response.url)) throw new Error("login");
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
      if (!previewLive) return;
      previewLive.textContent = err && err.message === "login"
        ? "Phiên đăng nhập đã hết nên bản xem trước không cập nhật. Nội dung đang soạn vẫn còn; hãy đăng nhập lại ở một thẻ khác."
        : "Không cập nhật được bản xem trước (mất kết nối tới máy chủ?).";
    });
  }

  function schedulePreview() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(refreshPreview, 350);
    scheduleAutosave();
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
    body.delete("docx_file");
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

  /* --- Presets: a signer, a Nơi nhận group, filled in place ----------------------------
     The buttons are submit buttons (the server fills the form without JavaScript); here
     they change the fields directly and keep the focus where it was. */
  function listNamed(name) {
    return form.querySelector("[data-list='" + name + "']");
  }

  function setValue(id, value) {
    var el = document.getElementById(id);
    if (el) el.value = value;
  }

  function chosenOption(selectId) {
    var select = document.getElementById(selectId);
    if (!select) return null;
    var option = select.options[select.selectedIndex];
    return option && option.value ? option : null;
  }

  function fillSigner(values) {
    var list = listNamed("ky_tham_quyen");
    rowsOf(list).forEach(function (row) { row.parentNode.removeChild(row); });
    /* The option's data-ky: drafter.web.forms.signer_form_values, the form's own fields. */
    values.ky_tham_quyen.forEach(function (line) {
      var row = addRow(list, null, true);
      row.querySelector("select").value = line.hinh_thuc;
      row.querySelector("input").value = line.title;
    });
    renumber(list);
    setValue("ky_chuc_vu", values.ky_chuc_vu);
    setValue("ky_ho_ten", values.ky_ho_ten);
  }

  function addGroup(items) {
    var list = listNamed("noi_nhan");
    var seen = {};
    rowsOf(list).forEach(function (row) {
      var input = firstInput(row);
      var key = input.value.trim().replace(/\s+/g, " ").toLowerCase();
      if (key) seen[key] = true;
      else row.parentNode.removeChild(row);
    });
    var added = 0;
    items.forEach(function (item) {
      var key = item.trim().replace(/\s+/g, " ").toLowerCase();
      if (!key || seen[key]) return;
      seen[key] = true;
      firstInput(addRow(list, null, true)).value = item;
      added += 1;
    });
    renumber(list);
    return added;
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("#btn-signer-preset, #btn-group-preset");
    if (!button) return;
    event.preventDefault();
    var isSigner = button.id === "btn-signer-preset";
    var option = chosenOption(isSigner ? "signer_preset" : "group_preset");
    if (!option) {
      announce(isSigner ? "Hãy chọn một người ký trong danh sách trước." : "Hãy chọn một nhóm nơi nhận trước.");
      document.getElementById(isSigner ? "signer_preset" : "group_preset").focus();
      return;
    }
    if (isSigner) {
      fillSigner(JSON.parse(option.getAttribute("data-ky")));
      announce("Đã điền người ký: " + option.textContent + ".");
    } else {
      var added = addGroup(JSON.parse(option.getAttribute("data-items")));
      announce("Đã thêm " + added + " nơi nhận của nhóm " + option.textContent + ".");
    }
    schedulePreview();
  });

  /* “Sửa thành …” (a viết hoa lưu ý): the suggestion put in place, when the words are
     still where the server saw them (offsets count code points of the NFC text, as
     Python does); otherwise the button submits and the server says what changed. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".btn-fix");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-fix-target"));
    if (!field || typeof field.value !== "string") return;
    var chars = Array.from(field.value.normalize("NFC"));
    var start = parseInt(button.getAttribute("data-start"), 10);
    var end = parseInt(button.getAttribute("data-end"), 10);
    var found = button.getAttribute("data-found");
    if (chars.slice(start, end).join("") !== found) return;
    event.preventDefault();
    var suggestion = button.getAttribute("data-suggestion");
    field.value = chars.slice(0, start).join("") + suggestion + chars.slice(end).join("");
    field.dispatchEvent(new Event("input", { bubbles: true }));
    var note = button.closest(".lint-note, li");
    if (note) note.parentNode.removeChild(note);
    field.focus();
    announce("Đã sửa “" + found + "” thành “" + suggestion + "”.");
  });

  /* “Giữ những trường nào”: the field list only when the drafter chooses fields. */
  var scopeBox = document.getElementById("mau-fields-box");
  function syncScope() {
    var chosen = form.querySelector("input[name='mau_scope']:checked");
    if (scopeBox) scopeBox.hidden = !(chosen && chosen.value === "chosen");
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "mau_scope") syncScope();
  });
  syncScope();

  /* --- The draft: “Lưu” and autosave through /api/v1/drafts/form ----------------------
     The form itself is posted, with its CSRF token: the server turns it into the letter,
     by the same conversion as every other button of the page (app.js never rebuilds the
     letter). The store keeps at most one autosave version a minute; a save made from an
     older version than the stored one (another tab saved since) is refused (409) and the
     text stays here, with two ways out. */
  var draftsApi = form.getAttribute("data-drafts-api");
  var draftUrl = form.getAttribute("data-draft-url") || "";
  var versionsUrl = form.getAttribute("data-versions-url") || "";
  var draftId = document.getElementById("draft_id");
  var draftVersion = document.getElementById("draft_version");
  var draftStatus = document.getElementById("draft-status");
  var draftLive = document.getElementById("draft-live");
  var conflictBox = document.getElementById("conflict");
  var drafting = form.getAttribute("data-mode") === "draft" && !!draftsApi &&
    !!window.fetch && !!window.FormData && !!draftId && !!draftVersion;
  var AUTOSAVE_DELAY = 2000;
  var AUTOSAVE_GAP = 10000;
  var autosaveTimer = null;
  var lastAutosave = 0;
  var saving = false;
  var queued = null;
  var blocked = false;
  var lastSaved = null;
  /* Fields that are not the letter: they never make a save worth doing. */
  var NOT_LETTER = { csrf_token: 1, draft_id: 1, draft_version: 1, mau_id: 1, action: 1,
    json_file: 1, docx_file: 1, signer_preset: 1, group_preset: 1, mau_name: 1, mau_scope: 1,
    mau_visibility: 1, mau_fields: 1 };

  /* What the letter's fields hold now, to tell whether there is anything new to save. */
  function snapshot() {
    var parts = [];
    new window.FormData(form).forEach(function (value, key) {
      if (!NOT_LETTER[key] && typeof value === "string") parts.push(key + "=" + value);
    });
    return parts.join("\n");
  }

  function clock() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(now.getHours()) + ":" + two(now.getMinutes());
  }

  function sayDraft(text) {
    if (!draftLive) return;
    draftLive.textContent = "";
    window.setTimeout(function () { draftLive.textContent = text; }, 30);
  }

  function setStatus(text, state, withLink) {
    if (!draftStatus) return;
    draftStatus.textContent = text;
    draftStatus.className = "draft-status" + (state ? " is-" + state : "");
    if (withLink && draftId.value) {
      var link = document.createElement("a");
      link.href = versionsUrl.replace(/\/0\//, "/" + draftId.value + "/");
      link.textContent = "Các phiên bản";
      draftStatus.appendChild(document.createTextNode(" "));
      draftStatus.appendChild(link);
    }
  }

  function showConflict(answer, explicit) {
    blocked = true;
    conflictBox.hidden = false;
    document.getElementById("conflict-version").textContent = String(answer.current_version);
    document.getElementById("conflict-reload").href = draftUrl.replace(/0$/, draftId.value);
    setStatus("Chưa lưu: bản nháp đã được lưu ở nơi khác (phiên bản " + answer.current_version + ").", "error");
    sayDraft(answer.message || "Bản nháp đã được lưu ở nơi khác; lần lưu này chưa được ghi.");
    if (explicit) document.getElementById("btn-save-copy").focus();
  }

  function saveDraft(kind) {
    if (!drafting) return;
    if (saving) {
      queued = kind === "save" || queued === "save" ? "save" : kind;
      return;
    }
    var text = snapshot();
    if (kind === "autosave" && (blocked || text === lastSaved)) return;
    var body = new window.FormData(form);
    body.delete("json_file");
    body.delete("docx_file");
    body.delete("action");
    body.set("save_kind", kind);
    saving = true;
    setStatus(kind === "save" ? "Đang lưu…" : "Đang tự lưu…", "saving");
    window.fetch(draftsApi, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: body
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (answer) {
      saving = false;
      if (answer.status === 200 || answer.status === 201) {
        if (answer.status === 201) {
          draftId.value = String(answer.data.id);
          if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", draftUrl.replace(/0$/, String(answer.data.id)));
          }
        }
        draftVersion.value = String(answer.data.version);
        lastSaved = text;
        var said = (kind === "save" ? "Đã lưu" : "Đã tự lưu") + " phiên bản " + answer.data.version + " lúc " + clock() + ".";
        setStatus(said, "", true);
        if (kind === "save") sayDraft(said);
      } else if (answer.status === 409) {
        showConflict(answer.data, kind === "save");
      } else if (answer.status === 401) {
        setStatus("Phiên đăng nhập đã hết nên chưa lưu được. Nội dung vẫn còn trên trang: hãy đăng nhập lại ở một thẻ khác rồi bấm “Lưu”.", "error");
        sayDraft("Chưa lưu được: phiên đăng nhập đã hết.");
      } else {
        var why = (answer.data && answer.data.message) || ("lỗi máy chủ " + answer.status);
        setStatus("Chưa lưu được (" + why + "). Nội dung vẫn còn trên trang; hãy thử lại.", "error");
        if (kind === "save") sayDraft("Chưa lưu được.");
      }
      if (queued) {
        var next = queued;
        queued = null;
        saveDraft(next);
      }
    }).catch(function () {
      saving = false;
      setStatus("Chưa lưu được (mất kết nối tới máy chủ?). Nội dung vẫn còn trên trang; sẽ thử lại khi bạn gõ tiếp.", "error");
      if (kind === "save") sayDraft("Chưa lưu được: mất kết nối tới máy chủ.");
    });
  }

  function scheduleAutosave() {
    if (!drafting || blocked) return;
    if (autosaveTimer) window.clearTimeout(autosaveTimer);
    var wait = Math.max(AUTOSAVE_DELAY, lastAutosave + AUTOSAVE_GAP - Date.now());
    autosaveTimer = window.setTimeout(function () {
      autosaveTimer = null;
      lastAutosave = Date.now();
      saveDraft("autosave");
    }, wait);
  }

  if (drafting) {
    lastSaved = snapshot();  /* what the page opened with needs no save */
    var saveButton = document.getElementById("btn-save");
    if (saveButton) {
      saveButton.addEventListener("click", function (event) {
        event.preventDefault();
        if (autosaveTimer) window.clearTimeout(autosaveTimer);
        if (blocked) {
          showConflict({ current_version: document.getElementById("conflict-version").textContent }, true);
          return;
        }
        saveDraft("save");
      });
    }
    document.getElementById("btn-save-copy").addEventListener("click", function (event) {
      event.preventDefault();
      draftId.value = "";
      draftVersion.value = "";
      blocked = false;
      conflictBox.hidden = true;
      saveDraft("save");
      if (saveButton) saveButton.focus();
    });
    /* “Trình ký…” posts the form to be saved as the next version: let a save that is on
       its way finish first (its draft id and version are what the post must carry), and
       start no new autosave behind it. */
    var trinhButton = document.getElementById("btn-trinh");
    if (trinhButton) {
      trinhButton.addEventListener("click", function (event) {
        if (autosaveTimer) { window.clearTimeout(autosaveTimer); autosaveTimer = null; }
        if (!saving) return;
        event.preventDefault();
        var waiting = window.setInterval(function () {
          if (saving) return;
          window.clearInterval(waiting);
          trinhButton.click();
        }, 100);
      });
    }
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        if (saveButton) saveButton.click();
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && autosaveTimer) {
        window.clearTimeout(autosaveTimer);
        autosaveTimer = null;
        saveDraft("autosave");
      }
    });
  }
})();
