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
printf 'revision: 7 time_ms: 1795560000000 actor: "admin" request_id: "r" kind: "unit.add" records { type: "unit" id: "SO-NV" units: "SO-NV" unit { code: "SO-NV" name: "Sở Nội vụ" kind: UNIT_KIND_DEPARTMENT meta { create_revision: 7 mod_revision: 7 mod_actor: "admin" } } } changed: "name"' |
  enc Event >corpus/event_json/unit_add
