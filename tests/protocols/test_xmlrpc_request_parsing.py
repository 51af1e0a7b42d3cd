"""Every request form real clients send (spec ``clients.md``), and the ones we refuse."""

from __future__ import annotations

import base64
import re
from datetime import datetime

import pytest

from erpserver.protocols.xmlrpc import MalformedRequest, decode_request


def call(value_xml: str, declaration: str = "<?xml version='1.0'?>") -> bytes:
    return (
        f"{declaration}\n<methodCall><methodName>execute_kw</methodName>"
        f"<params><param>{value_xml}</param></params></methodCall>"
    ).encode()


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@pytest.mark.parametrize(
    ("value_xml", "expected"),
    [
        pytest.param("<value><nil/></value>", None, id="nil (ERPpeek, odooly, node null)"),
        pytest.param(
            "<value><ex:nil xmlns:ex='http://ws.apache.org/xmlrpc/namespaces/extensions'/></value>",
            None,
            id="Apache ex:nil",
        ),
        pytest.param("<value><i4>-7</i4></value>", -7, id="i4"),
        pytest.param("<value><int> 12 </int></value>", 12, id="int with spaces"),
        pytest.param("<value><i8>9007199254740993</i8></value>", 9007199254740993, id="i8"),
        pytest.param(
            "<value><biginteger>123456789012345678901</biginteger></value>",
            123456789012345678901,
            id="biginteger",
        ),
        pytest.param("<value><double>1.000000</double></value>", 1.0, id="double (PHP, Perl)"),
        pytest.param("<value><boolean>1</boolean></value>", True, id="boolean"),
        pytest.param("<value/>", "", id="empty value (XMLRPC::Lite undef, node undefined)"),
        pytest.param("<value></value>", "", id="empty value pair"),
        pytest.param("<value><string/></value>", "", id="empty string (PHP null)"),
        pytest.param("<value>plain</value>", "plain", id="untyped string"),
        pytest.param("<value><string>  spaced  </string></value>", "  spaced  ", id="string keeps spaces"),
        pytest.param("<value><string><![CDATA[a <b> & c]]></string></value>", "a <b> & c", id="CDATA (node)"),
        pytest.param(
            "<value><string>&#233;&#x6771;&amp;</string></value>", "é東&", id="numeric references (Frontier)"
        ),
        pytest.param(
            f"<value><base64>{b64('café'.encode('latin-1'))}</base64></value>",
            "café",
            id="base64 Latin-1 (XMLRPC::Lite)",
        ),
        pytest.param(
            f"<value><base64>{b64('Zürich 東京'.encode())}</base64></value>", "Zürich 東京", id="base64 UTF-8"
        ),
        pytest.param(
            f"<value><base64>\n{b64(b'text')}\n</base64></value>", "text", id="base64 with line breaks"
        ),
        pytest.param(
            f"<value><base64>{b64(bytes(range(256)))}</base64></value>",
            b64(bytes(range(256))),
            id="binary base64 stays base64 text",
        ),
        pytest.param(
            f"<value><base64>{b64(b'ab' + bytes([0]) + b'cd')}</base64></value>",
            b64(b"ab\x00cd"),
            id="UTF-8-decodable bytes with NUL stay base64",
        ),
        pytest.param(
            "<value><dateTime.iso8601>20240501T13:45:07</dateTime.iso8601></value>",
            datetime(2024, 5, 1, 13, 45, 7),
            id="dateTime.iso8601",
        ),
        pytest.param(
            "<value><dateTime.iso8601>2024-05-01T13:45:07Z</dateTime.iso8601></value>",
            datetime(2024, 5, 1, 13, 45, 7),
            id="dateTime extended form with Z",
        ),
        pytest.param(
            "<value><dateTime.iso8601>2024-05-01T15:45:07+02:00</dateTime.iso8601></value>",
            datetime(2024, 5, 1, 13, 45, 7),
            id="dateTime with offset becomes naive UTC",
        ),
        pytest.param("<value><array><data/></array></value>", [], id="empty array (PHP empty kwargs)"),
        pytest.param("<value><array></array></value>", [], id="array without data"),
        pytest.param(
            """<value>
                 <struct>
                   <member><name>fields</name>
                     <value><array><data><value><string>name</string></value></data></array></value>
                   </member>
                   <member><value><int>5</int></value><name>limit</name></member>
                 </struct>
               </value>""",
            {"fields": ["name"], "limit": 5},
            id="pretty-printed struct, members in any order",
        ),
    ],
)
def test_value_forms_are_accepted(value_xml: str, expected: object) -> None:
    assert decode_request(call(value_xml)) == ("execute_kw", [expected])


@pytest.mark.parametrize(
    ("declaration", "body_text", "encoding"),
    [
        pytest.param(
            '<?xml version="1.0" encoding="us-ascii"?>',
            "Zürich",
            "utf-8",
            id="us-ascii declared, UTF-8 sent (RPC::XML)",
        ),
        pytest.param("<?xml version='1.0' encoding='ASCII'?>", "Zürich", "utf-8", id="ascii, single quotes"),
        pytest.param(
            '<?xml version="1.0" encoding="iso-8859-1"?>',
            "Zürich",
            "utf-8",
            id="iso-8859-1 declared, UTF-8 sent",
        ),
        pytest.param(
            '<?xml version="1.0" encoding="iso-8859-1"?>', "Zürich", "latin-1", id="genuine iso-8859-1"
        ),
        pytest.param('<?xml version="1.0" encoding="UTF-8"?>', "Zürich 東京", "utf-8", id="UTF-8 declared"),
        pytest.param('<?xml version="1.0"?>', "Zürich", "utf-8", id="no encoding (Frontier)"),
        pytest.param("", "Zürich", "utf-8", id="no declaration at all"),
    ],
)
def test_declared_encodings(declaration: str, body_text: str, encoding: str) -> None:
    body = (
        f"{declaration}<methodCall><methodName>m</methodName><params><param><value><string>"
        f"{body_text}</string></value></param></params></methodCall>"
    ).encode(encoding)

    assert decode_request(body) == ("m", [body_text])


def test_nesting_real_requests_need_is_read() -> None:
    depth = 100
    body = call("<value><array><data>" * depth + "<value><int>1</int></value>" + "</data></array></value>" * depth)

    _method, (value,) = decode_request(body)

    for _ in range(depth - 1):
        (value,) = value
    assert value == [1]


def test_elements_outside_the_grammar_are_skipped_with_their_content() -> None:
    body = (
        b"<methodCall><extra><value><int>9</int></value></extra><methodName>m</methodName><params>"
        b"<param><comment>x<b>y</b></comment><value><array><note/><data><value>a</value></data></array></value>"
        b"</param></params></methodCall>"
    )

    assert decode_request(body) == ("m", [["a"]])


def test_call_without_params() -> None:
    assert decode_request(b"<methodCall><methodName>version</methodName></methodCall>") == ("version", [])


def test_several_params_keep_their_order() -> None:
    body = (
        b"<methodCall><methodName>login</methodName><params>"
        b"<param><value>db</value></param><param><value>admin</value></param>"
        b"<param><value><string>secret</string></value></param>"
        b"</params></methodCall>"
    )

    assert decode_request(body) == ("login", ["db", "admin", "secret"])


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol9 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
]>
<methodCall><methodName>&lol9;</methodName></methodCall>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE call [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<methodCall><methodName>m</methodName><params><param><value>&secret;</value></param></params></methodCall>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE call [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<methodCall><methodName>m</methodName></methodCall>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE methodCall SYSTEM "http://example.invalid/xmlrpc.dtd">
<methodCall><methodName>m</methodName></methodCall>"""


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(BILLION_LAUGHS, id="billion laughs"),
        pytest.param(EXTERNAL_ENTITY, id="external entity"),
        pytest.param(PARAMETER_ENTITY, id="parameter entity"),
        pytest.param(EXTERNAL_DTD, id="external DTD"),
    ],
)
def test_doctype_and_entities_are_refused(body: bytes) -> None:
    with pytest.raises(MalformedRequest, match="refused: DOCTYPE"):
        decode_request(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"<methodCall><methodName>m</methodName>", "invalid XML", id="truncated"),
        pytest.param(b"", "invalid XML", id="empty body"),
        pytest.param(b"not xml at all", "invalid XML", id="not XML"),
        pytest.param(
            b"<methodCall><methodName>&undefined;</methodName></methodCall>",
            "invalid XML",
            id="undefined entity",
        ),
        pytest.param(b"<methodResponse><params/></methodResponse>", "expected <methodCall>", id="wrong root"),
        pytest.param(b"<methodCall><params/></methodCall>", "lacks <methodName>", id="no method name"),
        pytest.param(
            b"<methodCall><methodName> </methodName></methodCall>",
            "empty <methodName>",
            id="blank method name",
        ),
        pytest.param(call("<value><foo>1</foo></value>"), "unknown XML-RPC type <foo>", id="unknown type"),
        pytest.param(call("<value><int>one</int></value>"), "bad <int> value 'one'", id="bad int"),
        pytest.param(call("<value><boolean>yes</boolean></value>"), "bad <boolean>", id="bad boolean"),
        pytest.param(call("<value><base64>!!!</base64></value>"), "bad <base64>", id="bad base64"),
        pytest.param(
            call("<value><dateTime.iso8601>soon</dateTime.iso8601></value>"),
            "bad <dateTime.iso8601>",
            id="bad date",
        ),
        pytest.param(
            call("<value><int>1</int><int>2</int></value>"), "more than one element", id="two types"
        ),
        pytest.param(
            call("<value><struct><member><name>a</name></member></struct></value>"),
            "lacks <value>",
            id="member without value",
        ),
        pytest.param(
            call("<value><array><data><int>1</int></data></array></value>"),
            "unexpected <int> in <data>",
            id="untyped array item",
        ),
        pytest.param(
            b'<?xml version="1.0" encoding="us-ascii"?><methodCall><methodName>caf\xe9</methodName></methodCall>',
            "invalid XML",
            id="Latin-1 bytes under us-ascii",
        ),
        pytest.param(
            call("<value><array><data>" * 600 + "</data></array></value>" * 600),
            "nested too deeply",
            id="deep nesting",
        ),
        pytest.param(
            call("<value><struct><member><name>a</name>" * 400 + "<value/>" + "</member></struct></value>" * 400),
            "nested too deeply",
            id="deep struct nesting",
        ),
        pytest.param(call("<value><string>a<b/>c</string></value>"), "unexpected <b> in <string>",
                     id="element inside a scalar"),
        pytest.param(call("<foo/>"), "<param> lacks <value>", id="param without value"),
        pytest.param(
            b"<methodCall><methodName>m</methodName><params/><params/></methodCall>",
            "<methodCall> holds more than one <params>",
            id="two params",
        ),
        pytest.param(
            b"<methodCall><methodName>m</methodName><methodName>n</methodName></methodCall>",
            "<methodCall> holds more than one <methodName>",
            id="two method names",
        ),
        pytest.param(
            call("<value><array><data/><data/></array></value>"),
            "<array> holds more than one <data>",
            id="two data",
        ),
        pytest.param(
            call("<value><struct><member><name>a</name><name>b</name><value/></member></struct></value>"),
            "<member> holds more than one <name>",
            id="member with two names",
        ),
        pytest.param(
            call("<value><struct><member><value/></member></struct></value>"),
            "<member> lacks <name>",
            id="member without name",
        ),
        pytest.param(call("<value><struct><foo/></struct></value>"), "unexpected <foo> in <struct>",
                     id="struct without members"),
        pytest.param(b"<methodCall><methodName>m</methodName><params><foo/></params></methodCall>",
                     "unexpected <foo> in <params>", id="params without param"),
    ],
)
def test_malformed_requests_raise_a_short_error(body: bytes, message: str) -> None:
    with pytest.raises(MalformedRequest, match=re.escape(message)) as raised:
        decode_request(body)

    assert "\n" not in str(raised.value)
