"""What the tests' HTTP stubs share: serve on 127.0.0.1 on a free port, say the port through a
file (written whole, then renamed, so a reader never sees half of it), and stop by itself after
`lifetime` seconds so a failed test never leaves a stub running."""
import http.server
import os
import threading


def serve(handler, port_file, lifetime, server_class=http.server.HTTPServer):
    server = server_class(("127.0.0.1", 0), handler)
    threading.Timer(lifetime, server.shutdown).start()
    with open(port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()
