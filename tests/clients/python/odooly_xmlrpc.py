"""odooly 2.5.8 (the last release with XML-RPC), on the legacy ``/xmlrpc`` paths."""

import odooly_walk
import walkthrough as w

odooly_walk.run("odooly 2.5.8 xmlrpc", f"{w.URL}/xmlrpc")
