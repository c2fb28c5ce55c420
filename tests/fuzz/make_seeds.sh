#!/usr/bin/env bash
# Writes the seed corpora from text-format messages (needs protoc). The
# first byte of a dispatch seed picks the principal: 0 admin, 1 unit, 2
# office, 3 chair.
set -euo pipefail
cd "$(dirname "$0")"
P=../../proto
enc() { protoc --encode="thidua.v1.$1" -I"$P" "$P/thidua.proto"; }
req() { # req FILE WHO TEXT
  { printf "\\x$(printf %02x "$2")"; printf '%s' "$3" | enc Request; } >"corpus/dispatch/$1"
}
req ping 0 'request_id: "p1" ping {}'
req status 1 'request_id: "s1" status {}'
req unit_add 0 'request_id: "u1" unit_add { unit { code: "SO-TC" name: "Sở Tài chính" kind: UNIT_KIND_DEPARTMENT } }'
req unit_edit_cas 0 'request_id: "u2" expected_revision: 2 unit_edit { unit { code: "SO-NV" name: "Sở Nội vụ tỉnh" } }'
req principal_add 0 'request_id: "pa" principal_add { principal { name: "x" public_key: "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID" role: ROLE_OBSERVER } }'
req snapshot 1 'request_id: "sn" snapshot { page_size: 2 unit: "SO-NV" }'
req changes 2 'request_id: "cs" changes_since { revision: 1 page_size: 3 }'
req task_create 2 'request_id: "t1" task_create { task { title: "Báo cáo tổng kết" lead_unit: "SO-NV" deadline: "2026-12-01" kind: TASK_KIND_DOCUMENT } }'
req task_report 1 'request_id: "t2" task_report { id: "T-1" percent: 40 text: "Đã có đề cương" }'
req nominee_create 1 'request_id: "n1" nominee_create { nominee { name: "Nguyễn Văn A" kind: NOMINEE_KIND_INDIVIDUAL field: FIELD_CULTURE } }'
req quota_set 0 'request_id: "q1" quota_set { quota { field: FIELD_CULTURE kind: NOMINEE_KIND_INDIVIDUAL max_selected: 2 } }'
req criterion_edit 0 'request_id: "c2" expected_revision: 3 criterion_edit { criterion { code: "TC1" text: "Gương mẫu chấp hành" } set_mandatory: true }'
printf 'revision: 7 time_ms: 1795560000000 actor: "admin" request_id: "r" kind: "unit.add" records { type: "unit" id: "SO-NV" units: "SO-NV" unit { code: "SO-NV" name: "Sở Nội vụ" kind: UNIT_KIND_DEPARTMENT meta { create_revision: 7 mod_revision: 7 mod_actor: "admin" } } } changed: "name"' |
  enc Event >corpus/event_json/unit_add
req import 0 'request_id: "i1" import { rows { line: 2 unit { code: "SO-GD" name: "Sở Giáo dục" kind: UNIT_KIND_DEPARTMENT } } rows { line: 3 unit { code: "SO-GD" name: "x" kind: UNIT_KIND_DEPARTMENT } } }'
req import_tasks 2 'request_id: "i2" import { dry_run: true rows { line: 2 task { ref: "KH-01" title: "Kế hoạch" lead_unit: "SO-NV" deadline: "2030-08-15" kind: TASK_KIND_WORK phase: PHASE_BEFORE } } }'
req import_nominees 1 'request_id: "i3" import { rows { line: 2 propose: true nominee { ref: "NV-01" name: "Nguyễn Văn An" kind: NOMINEE_KIND_INDIVIDUAL field: FIELD_ECONOMY } } }'
# CSV seeds: the first byte picks the kind (0 units, 1 tasks, 2 nominees)
C=corpus/csv_import
mkdir -p "$C"
printf '\x00\xef\xbb\xbfcode,name,kind\r\nSO-TC,"Sở Tài chính",department\r\nSO-GD,"Sở Giáo dục, Đào tạo",department\r\n' >"$C/units_bom_crlf"
printf '\x01ref,title,kind,phase,lead_unit,support_units,deadline,description\nKH-01,Kế hoạch,work,before,SO-NV,SO-TC; SO-GD,15/08/2030,"hai\ndòng ""trích"""\nBC-01,Báo cáo,document,during,SO-GD,,2030-09-20,\n' >"$C/tasks_multiline"
printf '\x02ref,kind,name,gender,birth_year,position,workplace,field,proposing_unit,achievements,criteria_met,influential,new_factor,propose\nNV-01,individual,Nguyễn Văn An,nam,1980,Trưởng phòng,Sở Nội vụ,economy,SO-NV,Sáng kiến,TC1;TC2,có,no,yes\n' >"$C/nominees_full"
printf '\x01id,ref,title,kind,phase,lead_unit,support_units,deadline,description,status,progress,overdue\nT-3,T-3,Tổng kết,work,before,SO-NV,,2030-12-01,,assigned,0,no\n' >"$C/tasks_export"
printf '\x00code,name,kind\nSO-X,"X,department\nSO-Y,S\xc3\x28,ministry\nSO-X,X,department\n' >"$C/units_bad"
# thidua-web's input: 0 then a JSON request body, 1 then a Content-Type line and a multipart body
W=corpus/web_input
mkdir -p "$W"
printf '\x00{"request_id":"w1","task_report":{"id":"T-1","percent":40,"text":"Đã có đề cương"}}' >"$W/json_task_report"
printf '\x00{"expected_revision":"18446744073709551615","unit_add":{"unit":{"code":"SO-TC","name":"Sở Tài chính","kind":"department"}}}' >"$W/json_big_revision"
printf '\x00{"import":{"dry_run":true,"rows":[{"line":2,"nominee":{"ref":"NV-01","name":"Nguyễn Văn An","kind":1,"criteria_met":["TC1","TC2"]}}]}}' >"$W/json_import_lists"
printf '\x00{"nominee_attach":{"id":"N-1","attachment":{"name":"ho-so.pdf","media_type":"application/pdf","data":"JVBERi0xLjQK","size":"9223372036854775808"}}}' >"$W/json_bytes"
B=----WebKitFormBoundaryQ1
printf '\x01multipart/form-data; boundary=%s\n--%s\r\nContent-Disposition: form-data; name="id"\r\n\r\nT-1\r\n--%s\r\nContent-Disposition: form-data; name="file"; filename="B\xc3\xa1o c\xc3\xa1o %%22III%%22.pdf"\r\nContent-Type: application/pdf\r\n\r\n%%PDF-1.4\r\n\0\r\n--%s\r\n--%s--\r\n' "$B" "$B" "$B" "$B" "$B" >"$W/upload_file"
printf '\x01multipart/form-data; boundary="q q"\n--q q\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--q q' >"$W/upload_unclosed"
# the .proto's field names as JSON keys, so fuzz_web_input reaches every field's reader
grep -oE '^\s+(repeated\s+)?[A-Za-z0-9_.]+\s+[a-z0-9_]+\s*=\s*[0-9]+;' "$P/thidua.proto" |
  sed -E 's/.*\s([a-z0-9_]+)\s*=.*/"\\"\1\\":"/' | sort -u >web_input.dict
