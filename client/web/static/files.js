// The files page: a CSV import checked first (the gateway reads it with the
// CLI's reader and the broker runs a dry run), every bad row shown as
// line, column and reason, then imported all or nothing; and downloads of
// the congress as JSON, CSV or XLSX.
import { post } from "./api.js";
import { labels, t } from "./i18n.js";
import { $, el, S } from "./state.js";
import { clearForm, refuse, sentence } from "./forms.js";

Object.assign(labels.vi, {
  files: "Nhập / xuất tệp", import: "Nhập từ tệp CSV", export: "Xuất dữ liệu", what: "Dữ liệu",
  i_units: "Đơn vị", i_tasks: "Nhiệm vụ", i_nominees: "Gương điển hình", i_reports: "Báo cáo tiến độ",
  csv_file: "Tệp CSV (UTF-8, có dòng tiêu đề)", check: "Kiểm tra", do_import: "Nhập",
  no_csv: "Hãy chọn tệp CSV cần nhập rồi bấm “Kiểm tra”.",
  line: "Dòng", column: "Cột", why: "Lý do",
  checked: "Tệp hợp lệ, chưa ghi gì: sẽ tạo {c}, cập nhật {u}, giữ nguyên {k}. Bấm “Nhập” để ghi.",
  imported: "Đã nhập: tạo {c}, cập nhật {u}, giữ nguyên {k}.",
  e_note: "Tệp xuất lấy dữ liệu ở phiên bản mới nhất mà bạn được xem; tên tệp ghi số phiên bản.",
  e_json: "Tải JSON", e_xlsx: "Tải bảng tính XLSX", e_csv: "Tải CSV",
});
Object.assign(labels.en, {
  files: "Import / export", import: "Import from a CSV file", export: "Export", what: "Data",
  i_units: "Units", i_tasks: "Tasks", i_nominees: "Nominees", i_reports: "Progress reports",
  csv_file: "CSV file (UTF-8, with a header row)", check: "Check", do_import: "Import",
  no_csv: "Choose the CSV file to import, then press Check.",
  line: "Line", column: "Column", why: "Reason",
  checked: "The file is valid, nothing written: would create {c}, update {u}, leave {k} unchanged. Press Import to write.",
  imported: "Imported: {c} created, {u} updated, {k} unchanged.",
  e_note: "An export holds the newest revision you may read; the file's name carries its number.",
  e_json: "Download JSON", e_xlsx: "Download XLSX workbook", e_csv: "Download CSV",
});

const counts = (msg, r) => t(msg).replace("{c}", r.created || 0).replace("{u}", r.updated || 0).replace("{k}", r.unchanged || 0);

function result(text, ok) {
  $("i-result").textContent = text;
  $("i-result").className = "small mt-2 " + (ok ? "text-success" : "text-danger");
}

function showRows(rows) {
  $("i-errors").replaceChildren(...(rows || []).map((e) => {
    const tr = el("tr");
    tr.append(el("td", String(e.line)), el("td", e.column || ""), el("td", e.reason));
    return tr;
  }));
  $("i-errors-box").classList.toggle("d-none", !(rows || []).length);
}

function reset() {
  clearForm($("f-import"));
  $("b-import").disabled = true;
  result("", true);
  showRows([]);
}

async function send(dryRun) {
  const file = $("i-file").files[0];
  // said beside the file's box, which is where the person looks for it
  if (!file) { reset(); refuse($("f-import"), "file", t("no_csv")); return; }
  const form = new FormData();
  form.append("dry_run", dryRun ? "1" : "0");
  form.append("file", file);
  $("b-import").disabled = true;
  try {
    const r = await post("/api/import/" + $("i-kind").value, form);
    showRows([]);
    result(counts(dryRun ? "checked" : "imported", r), true);
    $("b-import").disabled = !dryRun;
    if (!dryRun) { $("i-file").value = ""; $("i-file-name").textContent = t("no_file"); }
  } catch (x) {
    result(sentence(x.message), false); // "tệp có 2 lỗi; …", as a sentence of its own
    showRows(x.body && x.body.errors);
  }
}

export function renderFiles() {
  if (!$("files")) return;
  $("e-note").textContent = `${t("e_note")} (${t("revision")} ${S.revision})`;
  $("e-csv").href = "/api/export/csv?kind=" + $("csv-kind").value;
}

export function bindFiles() {
  if (!$("files")) return;
  const form = $("f-import");
  if (form) {
    $("i-file-name").textContent = t("no_file");
    $("i-file").addEventListener("change", () => {
      const f = $("i-file").files[0];
      $("i-file-name").textContent = f ? f.name : t("no_file");
      reset();
    });
    $("i-kind").addEventListener("change", reset);
    form.addEventListener("submit", (ev) => { ev.preventDefault(); send(true); });
    $("b-import").addEventListener("click", () => send(false));
  }
  $("csv-kind").addEventListener("change", renderFiles);
}
