#!/usr/bin/python3
"""The admin's page through thidua-web over HTTP (urllib only): accounts
made in the browser (a key made on the gateway, registered by the admin's
own call, sealed under a one-time password that must be changed), refused
for a unit with nothing written; disable and enable; a forgotten password
reset (a new key, a one-time password for each of the person's accounts); a CSV import through
the CLI's reader, checked first and all-or-nothing; exports in JSON, CSV
and XLSX.
Usage: admin_checks.py BASE_URL ACCOUNTS_FILE  (run by tests/e2e/test_web.sh)
Each check prints ok/FAIL; the exit status is the number of failures."""
import io
import json
import os
import sys
import time
import zipfile

from webcheck import Http, check, failures, multipart

BASE, ACCOUNTS = sys.argv[1], sys.argv[2]
web = Http(BASE, lang="vi")


def revision(who):
    return int(web.call("ping", {}, who=who)[1].get("revision", 0))


def accounts_bytes():
    with open(ACCOUNTS, "rb") as f:
        return f.read()


def sign_in_after_wait(name, password):
    """A sign-in from an address that just gave a wrong password: the
    gateway asks it to wait (429) first."""
    for _ in range(40):
        st, j, s = web.sign_in(name, password)
        if st != 429:
            break
        time.sleep(0.25)
    return st, j, s


def import_csv(who, what, text, dry_run, lang="vi"):
    body, ctype = multipart({"dry_run": "1" if dry_run else "0"}, what + ".csv", text.encode(), "text/csv")
    st, raw, _ = web.raw("POST", "/api/import/" + what, data=body, ctype=ctype, who=who, lang=lang)
    return st, json.loads(raw)


admin = web.first_sign_in("admin-web", "first-admin-11", "admin-secret-22")
unit = web.first_sign_in("nv-adm", "first-nvadm-11", "nvadm-secret-22")

# -- accounts: a unit is refused by the broker, and nothing is written here
before = accounts_bytes()
st, j, _ = web.json("POST", "/api/admin/account", {"name": "intruder", "role": "admin"}, who=unit)
check("unit_account_refused", st == 403, f"{st} {j}")
check("unit_refusal_vietnamese", any(ord(c) > 127 for c in j["error"]["message"]), j)
check("unit_nothing_written", accounts_bytes() == before)
check("unit_no_account", b'"intruder"' not in accounts_bytes())
st, j, _ = web.json("POST", "/api/admin/account-state", {"name": "nv", "disabled": True}, who=unit)
check("unit_disable_refused", st == 403, f"{st} {j}")

# -- the admin makes an account; its one-time password signs in and must change
st, j, _ = web.json("POST", "/api/admin/account", {"name": "tc-lan", "role": "unit", "unit": "SO-TC",
                                                   "display_name": "Trần Thị Lan"}, who=admin)
check("admin_account_created", st == 201 and len(j.get("password", "")) == 12, f"{st} {j}")
otp = j.get("password", "")
check("secret_not_in_reply", set(j) == {"name", "unit", "password", "must_change"}, j)
check("otp_not_in_file", otp and otp.encode() not in accounts_bytes())
st, me, who = web.sign_in("tc-lan", otp)
check("otp_signs_in", st == 200 and me["must_change"] is True and me["role"] == "unit", f"{st} {me}")
st, j, _ = web.call("ping", {}, who=who)
check("otp_must_change_first", st == 403, f"{st} {j}")
st, j, _ = web.json("POST", "/api/password", {"old": otp, "new": "lan-secret-1234"}, who=who)
check("otp_changed", st == 200, f"{st} {j}")
st, j, _ = web.call("ping", {}, who=who)
check("new_person_calls", st == 200 and j["ping"]["principal"] == "tc-lan", f"{st} {j}")
st, j, _ = web.json("POST", "/api/admin/account", {"name": "tc-lan", "role": "unit", "unit": "SO-TC"}, who=admin)
check("account_twice_refused", st == 409 and j["error"]["field"] == "name", f"{st} {j}")
st, j, _ = web.json("POST", "/api/admin/account", {"name": "no-unit", "role": "unit"}, who=admin)
check("broker_refusal_names_field", st == 400 and "unit" in j["error"]["field"], f"{st} {j}")
st, j, _ = web.json("POST", "/api/admin/account", {"name": "Bad Name!", "role": "office"}, who=admin)
check("bad_name_refused", st == 400 and j["error"]["field"] == "name", f"{st} {j}")

# -- disable: neither the broker nor the gateway lets the person in; enable again
st, j, _ = web.json("POST", "/api/admin/account-state", {"name": "tc-lan", "disabled": True}, who=admin)
check("disable", st == 200 and j["accounts"] == 1, f"{st} {j}")
st, j, _ = web.sign_in("tc-lan", "lan-secret-1234")
check("disabled_no_sign_in", st == 403, f"{st} {j}")
st, j, _ = web.call("ping", {}, who=who)
check("disabled_no_call", st != 200, f"{st} {j}")
st, j, _ = web.json("POST", "/api/admin/account-state", {"name": "tc-lan", "disabled": False}, who=admin)
check("enable", st == 200, f"{st} {j}")
st, j, _ = web.sign_in("tc-lan", "lan-secret-1234")
check("enabled_signs_in", st == 200, f"{st} {j}")
# the principal locked at the broker only (thidua principal disable): the
# sign-in says the account is locked, at once, not that the broker is silent
st, j, _ = web.call("principal.set_disabled", {"name": "tc-lan", "disabled": True}, who=admin)
check("principal_locked_at_broker", st == 200, f"{st} {j}")
st, j, _ = web.sign_in("tc-lan", "lan-secret-1234")
check("broker_locked_sign_in_says_why", st == 403 and j["error"]["reason"] == "web.key_refused"
      and "đã bị khóa" in j["error"]["message"], f"{st} {j}")
st, j, _ = web.call("principal.set_disabled", {"name": "tc-lan", "disabled": False}, who=admin)
check("principal_unlocked_at_broker", st == 200, f"{st} {j}")

# -- a forgotten password: the person gets a new key and a one-time password;
# the old password, and a session signed in with it, stop working at once
st, j, lan = web.sign_in("tc-lan", "lan-secret-1234")
check("reset_before_signs_in", st == 200, f"{st} {j}")
key_before = {p["name"]: p["public_key"] for p in web.call("principal.list", {}, who=admin)[1]["principals"]["principals"]}
before = accounts_bytes()
st, j, _ = web.json("POST", "/api/admin/account-reset", {"name": "tc-lan"}, who=unit)
check("unit_reset_refused", st == 403 and accounts_bytes() == before, f"{st} {j}")
check("unit_reset_refusal_says_admin_only", j["error"]["reason"] == "web.admin_only"
      and "chỉ quản trị viên" in j["error"]["message"], j)
st, j, _ = web.json("POST", "/api/admin/account-reset", {"name": "nv"}, who=unit)
check("unit_reset_of_itself_says_admin_only", st == 403 and j["error"]["reason"] == "web.admin_only", f"{st} {j}")
st, j, _ = web.json("POST", "/api/admin/account-reset", {"name": "tc-lan"}, who=admin)
got = j.get("accounts", []) if st == 200 else []
check("reset", st == 200 and [a["name"] for a in got] == ["tc-lan"] and len(got[0]["password"]) == 12, f"{st} {j}")
otp = got[0]["password"] if got else ""
check("reset_password_not_in_file", otp and otp.encode() not in accounts_bytes())
keys = {p["name"]: p["public_key"] for p in web.call("principal.list", {}, who=admin)[1]["principals"]["principals"]}
check("reset_gives_a_new_key", keys["tc-lan"] != key_before["tc-lan"] and len(keys["tc-lan"]) == 40,
      (keys["tc-lan"], key_before["tc-lan"]))
check("reset_leaves_others_keys", {k: v for k, v in keys.items() if k != "tc-lan"}
      == {k: v for k, v in key_before.items() if k != "tc-lan"})
st, j, _ = web.call("ping", {}, who=lan)
check("reset_shuts_the_old_session_out", st == 401 and j["error"]["reason"] == "web.not_signed_in", f"{st} {j}")
st, raw, _ = web.raw("GET", "/api/snapshot", who=lan)
check("reset_old_session_reads_nothing", st == 401, st)
st, j, _ = web.sign_in("tc-lan", "lan-secret-1234")
check("reset_old_password_refused", st in (401, 403) and j["error"]["reason"] != "web.account_disabled", f"{st} {j}")
st, me, lan = sign_in_after_wait("tc-lan", otp)
check("reset_otp_must_change", st == 200 and me["must_change"] is True, f"{st} {me}")
st, j, _ = web.json("POST", "/api/password", {"old": otp, "new": "lan-secret-5678"}, who=lan)
check("reset_otp_changed", st == 200, f"{st} {j}")
st, j, _ = web.call("ping", {}, who=lan)
check("reset_person_calls_with_the_new_key", st == 200 and j["ping"]["principal"] == "tc-lan", f"{st} {j}")
# a principal with two web accounts: each its own one-time password
st, j, _ = web.json("POST", "/api/admin/account-reset", {"name": "tp"}, who=admin)
got = {a["name"]: a["password"] for a in j.get("accounts", [])} if st == 200 else {}
check("reset_every_account_of_the_principal", sorted(got) == ["tp-a", "tp-b"]
      and got["tp-a"] != got["tp-b"], f"{st} {j}")
for name, pw in got.items():
    st, me, s = sign_in_after_wait(name, pw)
    web.json("POST", "/api/password", {"old": pw, "new": name + "-secret-99"}, who=s)
    st, j, _ = web.call("ping", {}, who=s)
    check(f"reset_{name}_calls", st == 200 and j["ping"]["principal"] == "tp", f"{st} {j}")
# not one's own, not the gateway's, not one without a web account; in Vietnamese
for name, reason in (("admin", "web.reset_self"), ("gateway", "web.gateway_rekey"),
                     ("chair", "web.no_web_account"), ("Bad Name!", "web.bad_account_name"),
                     ("khong-co", "record.not_found")):
    before = accounts_bytes()
    st, j, _ = web.json("POST", "/api/admin/account-reset", {"name": name}, who=admin)
    err = j.get("error", {})
    check(f"reset_{reason}", st >= 400 and err.get("reason") == reason and accounts_bytes() == before, f"{st} {j}")
    check(f"reset_{reason}_vietnamese", any(ord(c) > 127 for c in err.get("message", "")), err)

# a key replaced from the CLI (principal.set_key) ends the web sessions of
# that principal at their next call, and the sign-in says why
Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"


def z85(b):
    out = ""
    for i in range(0, len(b), 4):
        v, chunk = int.from_bytes(b[i:i + 4], "big"), ""
        for _ in range(5):
            chunk, v = Z85[v % 85] + chunk, v // 85
        out += chunk
    return out


st, me, tpa = web.sign_in("tp-a", "tp-a-secret-99")
check("tp_a_signed_in", st == 200, f"{st} {me}")
st, me, tpb = web.sign_in("tp-b", "tp-b-secret-99")
check("tp_b_signed_in", st == 200, f"{st} {me}")
st, j, _ = web.call("principal.set_key", {"name": "tp", "public_key": z85(os.urandom(32))}, who=admin)
check("cli_set_key", st == 200, f"{st} {j}")
# a page that only reads (tp-b's) is ended by the change itself, as the
# gateway's live view sees it; one that calls (tp-a's) is refused at its call
# if that comes first
ended = False
for _ in range(40):
    st, raw, _ = web.raw("GET", "/api/snapshot", who=tpb)
    if st == 401:
        ended = True
        break
    time.sleep(0.25)
check("set_key_ends_a_reading_session", ended, st)
st, j, _ = web.call("ping", {}, who=tpa)
check("set_key_refuses_the_old_session", st == 401 and j["error"]["reason"] in
      ("request.principal_unknown", "web.not_signed_in"), f"{st} {j}")
st, raw, _ = web.raw("GET", "/api/snapshot", who=tpa)
check("set_key_ends_the_old_session", st == 401, st)
st, j, _ = sign_in_after_wait("tp-a", "tp-a-secret-99")
check("set_key_sign_in_says_why", st == 403 and j["error"]["reason"] == "web.key_refused"
      and "cấp khóa mới" in j["error"]["message"], f"{st} {j}")

keys_after = {p["name"]: p["public_key"] for p in web.call("principal.list", {}, who=admin)[1]["principals"]["principals"]}
check("reset_refusals_change_no_key", all(keys_after[k] == keys[k] for k in ("admin", "gateway", "chair")))

# -- import: one bad row names its line, column and reason; nothing changes
bad = ("code,name,kind\n"
       "SO-XD,Sở Xây dựng,department\n"
       "SO-CT,Sở Công Thương,nhóm\n")
rev = revision(admin)
st, j = import_csv(admin, "units", bad, True)
rows = j.get("errors", [])
check("bad_row_refused", st == 400 and j["error_count"] == 1, f"{st} {j}")
check("bad_row_line_column", rows and rows[0]["line"] == 3 and rows[0]["column"] == "kind", rows)
check("bad_row_reason_vietnamese", rows and "'nhóm' không thuộc" in rows[0]["reason"]
      and "Sở, ban, ngành" in rows[0]["reason"], rows)
st, j = import_csv(admin, "units", bad, False)
check("bad_file_not_imported", st == 400 and revision(admin) == rev, f"{st} {revision(admin)} {rev}")
good = bad.replace("nhóm", '"Sở, ban, ngành"')
st, j = import_csv(admin, "units", good, True)
check("dry_run", st == 200 and j.get("dryRun", j.get("dry_run")) and j["created"] == 2, f"{st} {j}")
check("dry_run_writes_nothing", revision(admin) == rev)
st, j = import_csv(admin, "units", good, False)
check("import", st == 200 and j["created"] == 2, f"{st} {j}")
st, j, _ = web.call("unit.get", {"code": "SO-CT"}, who=admin)
check("imported_unit", st == 200 and "Công Thương" in json.dumps(j, ensure_ascii=False), f"{st} {j}")
st, j = import_csv(unit, "units", good.replace("SO-", "SO-Z"), False)
check("unit_import_refused_by_broker", st == 403 and j["errors"] and j["errors"][0]["line"] == 2, f"{st} {j}")
check("broker_row_reason_vietnamese", j["errors"] and any(ord(c) > 127 for c in j["errors"][0]["reason"]), j)

# -- exports: the revision names the file; XLSX opens
st, raw, h = web.raw("GET", "/api/export/json", who=admin)
data = json.loads(raw) if st == 200 else {}
check("export_json", st == 200 and data.get("revision") == int(h["X-Thidua-Revision"]), st)
check("export_json_attachment", (h["Content-Disposition"] or "").startswith(
    f'attachment; filename="thidua-r{h["X-Thidua-Revision"]}.json"'), h["Content-Disposition"])
st, raw, h = web.raw("GET", "/api/export/csv?kind=nominees", who=admin)
check("export_csv", st == 200 and raw.startswith(b"\xef\xbb\xbf") and b"Nguy" in raw, raw[:200])
# for the office's spreadsheets: the headers and values in Vietnamese, as
# the XLSX has them, and the file imports back as it is, changing nothing
head = raw[3:].decode("utf-8").split("\r\n")[0].split(",") if st == 200 else []
check("export_csv_in_vietnamese", head[:1] == ["Gương điển hình"] and "Họ tên / tên tập thể" in head, head)
rev = revision(admin)
st, j = import_csv(admin, "nominees", raw.decode("utf-8-sig"), True)
check("export_csv_imports_back", st == 200 and not j.get("errors") and j.get("created", 0) == 0, f"{st} {j}")
check("export_csv_import_dry_run_writes_nothing", revision(admin) == rev)
st, raw, h = web.raw("GET", "/api/export/csv?kind=cats", who=admin)
check("export_bad_kind", st == 400, st)
st, raw, h = web.raw("GET", "/api/export/xlsx", who=admin)
check("export_xlsx", st == 200 and "spreadsheetml" in h["Content-Type"]
      and ".xlsx" in h["Content-Disposition"], f"{st} {h}")
try:
    z = zipfile.ZipFile(io.BytesIO(raw))
    names = z.namelist()
    check("xlsx_parts", "[Content_Types].xml" in names and "xl/workbook.xml" in names, names)
except zipfile.BadZipFile as e:
    check("xlsx_parts", False, e)
try:
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    check("xlsx_opens", len(wb.sheetnames) >= 3, wb.sheetnames)
except ImportError:
    print("skip xlsx_opens: python3-openpyxl is not installed")
st, raw, h = web.raw("GET", "/api/export/xlsx")
check("export_needs_sign_in", st == 401, st)

print(f"{failures()} failed")
sys.exit(failures())
