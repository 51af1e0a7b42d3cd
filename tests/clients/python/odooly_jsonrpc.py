"""odooly 2.6.x (no XML-RPC left), over ``/jsonrpc``."""

import odooly_walk
import walkthrough as w

odooly_walk.run("odooly 2.6 jsonrpc", f"{w.URL}/jsonrpc")
