/// The review page: one HTML shell, its script and style, all served by the tool (nothing from the
/// internet). The script builds every element from API data with `textContent`, never as HTML,
/// and the server's Content-Security-Policy allows only these files, so text a receipt or a file
/// name holds cannot become markup or script.
enum ReviewPage {
    /// `token` is the server's own (hex), never a request's text.
    static func html(token: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>receipts review</title>
        <link rel="stylesheet" href="/review.css?token=\(token)">
        <script src="/review.js?token=\(token)" defer></script>
        </head>
        <body>
        <header>
          <h1>receipts review</h1>
          <span id="counts" aria-live="polite"></span>
          <span class="keys">Tab: next field · Enter: accept and next · Alt+X: not a receipt · Alt+Z: undo ·
            Alt+↓/↑: next/previous · Alt+= / Alt+- / Alt+0: zoom · Esc: undo the field's edit</span>
        </header>
        <main>
          <nav aria-label="queue"><ol id="queue"></ol></nav>
          <section id="receipt" aria-label="receipt">
            <div id="reason" role="status"></div>
            <div id="images"></div>
            <form id="fields" autocomplete="off"></form>
            <div id="message" role="alert"></div>
            <h2>OCR text</h2>
            <div id="ocr" aria-label="OCR text"></div>
          </section>
        </main>
        </body>
        </html>
        """
    }

    static let style = """
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #222; background: #f4f4f2; }
        header { display: flex; gap: 1em; align-items: baseline; padding: .5em 1em; background: #2d3a3a; color: #fff; flex-wrap: wrap; }
        header h1 { font-size: 1.1em; margin: 0; }
        .keys { font-size: .85em; opacity: .8; }
        main { display: grid; grid-template-columns: 18em 1fr; height: calc(100vh - 3em); }
        nav { overflow: auto; border-right: 1px solid #ccc; background: #fff; }
        nav ol { list-style: none; margin: 0; padding: 0; }
        nav li { padding: .4em .6em; border-bottom: 1px solid #eee; cursor: pointer; }
        nav li.current { background: #dbe9e9; }
        nav li .why { display: block; font-size: .85em; color: #8a4b00; }
        nav li.done .why { color: #2f6b2f; }
        nav li .file { display: block; font-size: .8em; color: #555; word-break: break-all; }
        #receipt { display: grid; grid-template-columns: minmax(0, 1fr) 24em; grid-template-rows: auto minmax(0, 1fr) auto auto 1fr;
          gap: .5em 1em; padding: .5em 1em; overflow: hidden; }
        #reason { grid-column: 1 / 3; font-weight: 600; color: #8a4b00; }
        #images { grid-row: 2 / 6; display: flex; gap: .5em; min-height: 0; }
        .view { flex: 1; overflow: auto; background: #555; border: 2px solid transparent; cursor: grab; }
        .view .sheet { position: relative; }
        .view img { display: block; width: 100%; user-select: none; }
        .view .mark { position: absolute; display: none; outline: 3px solid #f0a000; background: rgba(255, 200, 0, .18);
          pointer-events: none; margin: -3px; padding: 3px; box-sizing: content-box; }
        .view .label { color: #fff; padding: .2em .4em; }
        form { display: grid; grid-template-columns: 7.5em 1fr 3em; gap: .3em .5em; align-items: center; align-content: start; }
        form label { font-weight: 600; }
        form input { font: inherit; padding: .2em .3em; border: 1px solid #999; border-radius: 3px; }
        form input:focus { outline: 2px solid #49a; }
        form input.changed { background: #fff6d6; }
        form .conf { font-size: .8em; color: #666; }
        form .read { grid-column: 2 / 4; font-size: .8em; color: #666; margin-top: -.3em; }
        #message { min-height: 1.4em; color: #a00; }
        h2 { font-size: 1em; margin: 0; }
        #ocr { font: 12px/1.35 ui-monospace, monospace; white-space: pre; overflow: auto; background: #fff; border: 1px solid #ccc; padding: .3em; }
        #ocr .hit { background: #ffe27a; }
        """

    static let script = #"""
        "use strict";
        const token = new URLSearchParams(location.search).get("token") || "";
        const FIELDS = ["merchant", "date", "total", "subtotal", "tax", "tip", "currency", "payment_method",
                        "card_last4", "time", "address"];
        const AMOUNTS = new Set(["total", "subtotal", "tax", "tip"]);
        let queue = [], at = 0, current = null, zoom = 1;
        const undo = [];
        const $ = (id) => document.getElementById(id);

        async function api(path, options = {}) {
          const headers = Object.assign({ "Authorization": "Bearer " + token }, options.headers || {});
          const response = await fetch(path, Object.assign({}, options, { headers }));
          const body = await response.json().catch(() => ({}));
          if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
          return body;
        }
        function el(tag, text, cls) {
          const e = document.createElement(tag);
          if (text !== undefined && text !== null) e.textContent = String(text);
          if (cls) e.className = cls;
          return e;
        }
        function imageURL(id) { return "/api/receipts/" + encodeURIComponent(id) + "/image?token=" + encodeURIComponent(token); }
        function say(text) { $("message").textContent = text || ""; }
        function why(entry) {
          if (entry.review) return entry.review.status === "not_a_receipt" ? "not a receipt" : "reviewed by " + entry.review.reviewer;
          return entry.reason || entry.status;
        }

        function drawQueue() {
          const list = $("queue");
          list.replaceChildren();
          queue.forEach((entry, i) => {
            const li = el("li");
            if (i === at) { li.className = "current"; li.setAttribute("aria-current", "true"); }
            if (entry.review) li.classList.add("done");
            li.append(el("span", why(entry), "why"), el("span", entry.file, "file"));
            li.addEventListener("click", () => show(i));
            list.append(li);
          });
          const open = queue.filter((e) => !e.review && e.status !== "ok").length;
          $("counts").textContent = open + " to review of " + queue.length;
          const now = list.children[at];
          if (now) now.scrollIntoView({ block: "nearest" });
        }

        function drawImages(entry) {
          const images = $("images");
          images.replaceChildren();
          const views = [[entry.sha256, "this receipt"]];
          if (entry.duplicate_of_sha256) views.push([entry.duplicate_of_sha256, "duplicate of " + entry.duplicate_of]);
          views.forEach(([id, label], n) => {
            const view = el("div", null, "view");
            if (views.length > 1) view.append(el("div", label, "label"));
            // The sheet carries the image and, on the first, the mark of the focused field's line.
            const sheet = el("div", null, "sheet");
            sheet.style.width = (zoom * 100) + "%";
            const img = el("img");
            if (n === 0) img.id = "image";
            img.alt = label;
            img.src = imageURL(id);
            img.draggable = false;
            sheet.append(img);
            if (n === 0) { const mark = el("div", null, "mark"); mark.id = "mark"; sheet.append(mark); }
            view.append(sheet);
            pan(view);
            images.append(view);
          });
        }
        function pan(view) {
          let start = null;
          view.addEventListener("pointerdown", (e) => { start = [e.clientX, e.clientY, view.scrollLeft, view.scrollTop]; view.setPointerCapture(e.pointerId); });
          view.addEventListener("pointermove", (e) => {
            if (!start) return;
            view.scrollLeft = start[2] - (e.clientX - start[0]);
            view.scrollTop = start[3] - (e.clientY - start[1]);
          });
          view.addEventListener("pointerup", () => { start = null; });
          view.addEventListener("wheel", (e) => { if (e.ctrlKey) { e.preventDefault(); setZoom(zoom * (e.deltaY < 0 ? 1.25 : 0.8)); } });
        }
        function setZoom(z) {
          zoom = Math.min(8, Math.max(0.25, z));
          document.querySelectorAll(".view .sheet").forEach((sheet) => { sheet.style.width = (zoom * 100) + "%"; });
        }

        function drawFields(receipt) {
          const form = $("fields");
          form.replaceChildren();
          const confidence = receipt.field_confidence || {};
          for (const name of FIELDS) {
            const id = "field-" + name;
            const label = el("label", name.replace("_", " "));
            label.htmlFor = id;
            const input = el("input");
            input.id = id;
            input.name = name;
            input.value = receipt[name] == null ? "" : receipt[name];
            input.dataset.saved = input.value;
            if (AMOUNTS.has(name)) input.inputMode = "decimal";
            input.addEventListener("input", () => input.classList.toggle("changed", input.value !== input.dataset.saved));
            input.addEventListener("focus", () => highlight(name, input.value));
            const conf = el("span", confidence[name] == null ? "" : Math.round(confidence[name] * 100) + "%", "conf");
            conf.title = "confidence";
            form.append(label, input, conf);
            const read = receipt.read ? receipt.read[name] : null;
            if (receipt.review && (read == null ? "" : read) !== input.value) form.append(el("span", "read: " + (read == null ? "(none)" : read), "read"));
          }
        }

        function drawText(text) {
          const box = $("ocr");
          box.replaceChildren();
          (text || "").split("\n").forEach((line) => box.append(el("div", line === "" ? " " : line)));
        }
        // The line a field came from, as far as its value shows it: amounts in either decimal mark.
        function highlight(name, value) {
          const lines = Array.from($("ocr").children);
          lines.forEach((d) => d.classList.remove("hit"));
          const mark = $("mark");
          if (mark) mark.style.display = "none";
          if (!value) return;
          let test;
          if (AMOUNTS.has(name)) {
            const [whole, cents] = value.replace("-", "").split(".");
            const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "[.,]?");
            const pattern = new RegExp("(^|[^0-9])" + digits + "[.,]" + (cents || "00") + "([^0-9]|$)");
            test = (t) => pattern.test(t);
          } else if (name === "date") {
            const [y, m, d] = value.split("-");
            const parts = [String(+d), String(+m)];
            test = (t) => t.includes(y.slice(2)) && parts.every((p) => new RegExp("(^|[^0-9])0?" + p + "([^0-9]|$)").test(t));
          } else {
            const needle = value.toLowerCase().slice(0, 14);
            test = (t) => t.toLowerCase().includes(needle);
          }
          const hit = lines.find((d) => test(d.textContent));
          if (hit) { hit.classList.add("hit"); hit.scrollIntoView({ block: "nearest" }); }
          // On the image too, where the journal kept the line's box.
          const line = (current && current.lines || []).find((l) => test(l.text));
          if (mark && line) {
            const [x0, y0, x1, y1] = line.box;
            Object.assign(mark.style, { display: "block", left: (x0 * 100) + "%", top: (y0 * 100) + "%",
                                        width: ((x1 - x0) * 100) + "%", height: ((y1 - y0) * 100) + "%" });
            mark.scrollIntoView({ block: "nearest", inline: "nearest" });
          }
        }

        async function show(i, focusField = true) {
          if (i < 0 || i >= queue.length) return;
          at = i;
          say("");
          drawQueue();
          try {
            current = await api("/api/receipts/" + encodeURIComponent(queue[i].sha256));
          } catch (e) { say(e.message); return; }
          $("reason").textContent = why(current) + (current.files.length > 1 ? " · same file as " + current.files.slice(1).join(", ") : "");
          drawImages(current);
          drawFields(current);
          drawText(current.ocr_text);
          if (focusField) $("field-" + FIELDS[0]).focus();
        }

        async function patch(id, body) {
          const updated = await api("/api/receipts/" + encodeURIComponent(id), {
            method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
          const n = queue.findIndex((e) => e.sha256 === id);
          if (n >= 0) queue[n] = updated;
          return updated;
        }
        function remember() { undo.push({ id: current.sha256, review: current.review }); }

        async function accept() {
          const body = { status: "reviewed" };
          for (const input of $("fields").querySelectorAll("input")) {
            if (input.value !== input.dataset.saved) body[input.name] = input.value;
          }
          const before = current;
          try { remember(); await patch(current.sha256, body); } catch (e) { undo.pop(); say(e.message); return; }
          if (before === current) next();
        }
        async function notAReceipt() {
          try { remember(); await patch(current.sha256, { status: "not_a_receipt" }); } catch (e) { undo.pop(); say(e.message); return; }
          next();
        }
        async function undoLast() {
          const last = undo.pop();
          if (!last) { say("nothing to undo"); return; }
          let body;
          if (!last.review) body = { status: "needs_review" };
          else {
            body = { status: last.review.status };
            const now = queue.find((e) => e.sha256 === last.id);
            const fields = (now && now.review) ? now.review.fields : {};
            for (const k of Object.keys(fields)) body[k] = null;
            Object.assign(body, last.review.fields);
          }
          try { await patch(last.id, body); } catch (e) { say(e.message); return; }
          await show(queue.findIndex((e) => e.sha256 === last.id));
          say("undone");
        }
        function next() {
          if (at + 1 < queue.length) show(at + 1);
          else { drawQueue(); say("end of the queue"); }
        }

        document.addEventListener("keydown", (e) => {
          const inField = e.target instanceof HTMLInputElement;
          const key = e.key.toLowerCase();
          const command = e.altKey || !inField;
          if (inField && e.key === "Enter" && !e.altKey) { e.preventDefault(); accept(); return; }
          if (inField && e.key === "Escape") { e.target.value = e.target.dataset.saved; e.target.classList.remove("changed"); return; }
          if (!command || e.ctrlKey || e.metaKey) return;
          const actions = {
            "x": notAReceipt, "z": undoLast, "arrowdown": () => show(at + 1), "arrowup": () => show(at - 1),
            "j": () => show(at + 1), "k": () => show(at - 1),
            "=": () => setZoom(zoom * 1.25), "+": () => setZoom(zoom * 1.25), "-": () => setZoom(zoom * 0.8), "0": () => setZoom(1),
          };
          const action = actions[key];
          if (action && (e.altKey || !["j", "k", "arrowdown", "arrowup"].includes(key) || !inField)) { e.preventDefault(); action(); }
        });

        window.addEventListener("DOMContentLoaded", async () => {
          try { queue = await api("/api/queue"); } catch (e) { say(e.message); return; }
          if (queue.length === 0) { say("the journal holds no receipts yet: run receipts scan first"); return; }
          show(0);
        });
        """#
}
