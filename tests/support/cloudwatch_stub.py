#!/usr/bin/env python3
"""A stand-in for CloudWatch's GetMetricData on 127.0.0.1, for tests/usage_loop_test.cpp.

The AWS CLI speaks CloudWatch's query protocol: a form-encoded POST
(Action=GetMetricData, MetricDataQueries.member.N.Id, ...), answered with an XML
GetMetricDataResponse. The stub records the decoded form as JSON (--record), answers each
query with the values --answers gives for its Label (hourly datapoints from StartTime; none
for a Label it does not know), writes its port to --port-file, and stops by itself after
--lifetime seconds so a failed test never leaves it running.
"""
import argparse
import datetime
import http.server
import json
import urllib.parse
from xml.sax.saxutils import escape

import loopback_server

NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/"


def queries(form):
    """The MetricDataQueries of a decoded form, in member order: (Id, Label)."""
    out = []
    n = 1
    while f"MetricDataQueries.member.{n}.Id" in form:
        prefix = f"MetricDataQueries.member.{n}."
        out.append((form[prefix + "Id"], form.get(prefix + "Label", "")))
        n += 1
    return out


def timestamps(start, count, period):
    begin = datetime.datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ")
    return [(begin + datetime.timedelta(seconds=period * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            for i in range(count)]


def members(items):
    return "".join(f"<member>{escape(str(i))}</member>" for i in items)


def response(form, answers):
    period = int(form.get("MetricDataQueries.member.1.MetricStat.Period", "3600"))
    results = []
    for query_id, label in queries(form):
        values = answers.get(label, [])
        stamps = timestamps(form["StartTime"], len(values), period)
        results.append(
            f"<member><Id>{escape(query_id)}</Id><Label>{escape(label)}</Label>"
            f"<Timestamps>{members(stamps)}</Timestamps><Values>{members(values)}</Values>"
            "<StatusCode>Complete</StatusCode></member>")
    return (f'<GetMetricDataResponse xmlns="{NAMESPACE}"><GetMetricDataResult>'
            f"<MetricDataResults>{''.join(results)}</MetricDataResults><Messages/>"
            "</GetMetricDataResult><ResponseMetadata><RequestId>"
            "00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>"
            "</GetMetricDataResponse>")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--lifetime", type=float, default=60)
    args = parser.parse_args()
    with open(args.answers, encoding="utf-8") as f:
        answers = json.load(f)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the name http.server calls)
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
            with open(args.record, "w", encoding="utf-8") as f:
                json.dump({"path": self.path, "form": form}, f, indent=1, sort_keys=True)
            payload = response(form, answers).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_):
            pass

    loopback_server.serve(Handler, args.port_file, args.lifetime)


if __name__ == "__main__":
    main()
