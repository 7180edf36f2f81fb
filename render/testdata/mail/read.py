"""Reads .eml files as a mail program's Python would (email, policy
default) and prints what it finds as JSON, one object per file: the
headers decoded, both bodies, the attachments (base64) and every defect
the parser noted."""
import base64, email, email.policy, json, sys

out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        m = email.message_from_bytes(f.read(), policy=email.policy.default)
    defects = [repr(d) for d in m.defects]
    for part in m.walk():
        defects += [repr(d) for d in part.defects]
    for k in ("From", "To", "Subject"):
        h = m[k]
        defects += [k + ": " + repr(d) for d in getattr(h, "defects", ())]
    text, html = m.get_body(("plain",)), m.get_body(("html",))
    out.append({
        "from": [{"name": a.display_name, "addr": a.addr_spec} for a in m["From"].addresses],
        "to": [{"name": a.display_name, "addr": a.addr_spec} for a in m["To"].addresses],
        "subject": str(m["Subject"]),
        "date": m["Date"].datetime.isoformat(),
        "message_id": str(m["Message-ID"]),
        "unsent": str(m["X-Unsent"]),
        "language": str(m["Content-Language"]),
        "text": text.get_content() if text else None,
        "html": html.get_content() if html else None,
        "attachments": [
            {"name": a.get_filename(), "type": a.get_content_type(), "data": base64.b64encode(a.get_payload(decode=True)).decode()}
            for a in m.iter_attachments()
        ],
        "defects": defects,
    })
json.dump(out, sys.stdout, ensure_ascii=False)
