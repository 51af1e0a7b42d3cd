// aXMLRPC 1.13 (Debian's libaxmlrpc-java), Java 17: XMLRPCClient(url).call(method, params...),
// arrays as Object[], structs as Maps, replies as Object[] / HashMap / Integer / Double / Boolean /
// String; default flags, so a <nil/> or <i8> in a reply, an untyped value or a string faultCode
// would fail the call. Run as a single source file: java -cp axmlrpc.jar Walkthrough.java.
// Contract (environment, output): tests/clients/README.md.
import de.timroes.axmlrpc.XMLRPCClient;
import de.timroes.axmlrpc.XMLRPCServerException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

public class Walkthrough {
    static final Map<String, String> ENV = System.getenv();
    static final String URL_ = ENV.getOrDefault("ERPSERVER_URL", "http://127.0.0.1:8069");
    static final String DB = ENV.getOrDefault("ERPSERVER_DB", "demo");
    static final String LOGIN = ENV.getOrDefault("ERPSERVER_LOGIN", "admin");
    static final String PASSWORD = ENV.getOrDefault("ERPSERVER_PASSWORD", "admin");
    static final String API_KEY = ENV.getOrDefault("ERPSERVER_API_KEY", "");
    static final String TAG = ENV.getOrDefault("ERPSERVER_TAG", "java");

    static final Object[] COMPANIES = one(arr("is_company", "=", true));
    static final Object[] READ_FIELDS = arr("name", "country_id", "comment");
    static final String PARTNER_NAME = "Walk-through partner " + TAG;
    static final String NON_ASCII_NAME = "Zoë Ærøskøbing — Łódź 東京 " + TAG;
    static final String X_MODEL = "x_walk_" + TAG;
    static final Object[] LEAD_FIELDS = arr("id", "name", "email_from", "expected_revenue", "country_id");
    static final String[] LEAD_XIDS = {"__import__.walk_" + TAG + "_1", "__import__.walk_" + TAG + "_2"};

    static int passed = 0;
    static int failed = 0;
    static XMLRPCClient common;
    static XMLRPCClient models;
    static int uid;
    static final Map<String, Object> state = new HashMap<>();

    static Object[] arr(Object... values) { return values; }

    /** An array holding one array: arr(anArray) would be anArray itself (varargs). */
    static Object[] one(Object value) { return new Object[] {value}; }

    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> result = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) result.put((String) pairs[i], pairs[i + 1]);
        return result;
    }

    static Object[] leadRows(int round) {
        return arr(arr(LEAD_XIDS[0], "Lead one " + TAG + " r" + round, "one@example.com", "" + (1000 * round), "Belgium"),
                   arr(LEAD_XIDS[1], "Lead two " + TAG + " r" + round, "two@example.com", (2000 * round) + ".5", "France"));
    }

    /** Replies as comparable values: Object[] to List, maps sorted. */
    static Object plain(Object value) {
        if (value instanceof Object[] array) {
            List<Object> list = new ArrayList<>();
            for (Object item : array) list.add(plain(item));
            return list;
        }
        if (value instanceof Map<?, ?> mapping) {
            Map<String, Object> sorted = new TreeMap<>();
            mapping.forEach((k, v) -> sorted.put((String) k, plain(v)));
            return sorted;
        }
        return value;
    }

    static void expect(Object actual, Object expected, String what) {
        Object a = plain(actual), e = plain(expected);
        if (!a.equals(e)) throw new AssertionError(what + ": expected " + e + ", got " + a);
    }

    static void check(boolean condition, String message) { if (!condition) throw new AssertionError(message); }

    static void step(String name, Callable<Object> action) {
        try {
            action.call();
            passed++;
            System.out.println("ok " + name);
        } catch (Throwable error) {
            failed++;
            String text = (error.getClass().getSimpleName() + ": " + error.getMessage()).replaceAll("\\s+", " ");
            System.out.println("FAIL " + name + ": " + text.substring(0, Math.min(500, text.length())));
        }
    }

    static Object call(String model, String method, Object[] args, Map<String, Object> kwargs) throws Exception {
        if (kwargs == null) return models.call("execute_kw", DB, uid, PASSWORD, model, method, args);
        return models.call("execute_kw", DB, uid, PASSWORD, model, method, args, kwargs);
    }

    static Object call(String model, String method, Object... args) throws Exception {
        return call(model, method, args, null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> first(Object rows) { return (Map<String, Object>) ((Object[]) rows)[0]; }

    static Object[] ids() { return (Object[]) state.get("companies"); }

    public static void main(String[] argv) throws Exception {
        common = new XMLRPCClient(new URL(URL_ + "/xmlrpc/2/common"));
        models = new XMLRPCClient(new URL(URL_ + "/xmlrpc/2/object"));

        step("version", () -> { expect(((Map<?, ?>) common.call("version")).get("server_version"), "17.0", "server_version"); return null; });
        step("authenticate", () -> {
            uid = (Integer) common.call("authenticate", DB, LOGIN, PASSWORD, new HashMap<String, Object>());
            check(uid > 0, "authenticate gave " + uid);
            return null;
        });
        step("check_access_rights", () -> {
            expect(call("res.partner", "check_access_rights", arr("read"), map("raise_exception", false)), true, "value");
            return null;
        });
        step("search", () -> {
            state.put("companies", call("res.partner", "search", one(COMPANIES), null));
            check(ids().length > 0, "search found nothing");
            return null;
        });
        step("search_offset_limit", () -> {
            expect(call("res.partner", "search", one(COMPANIES), map("offset", 10, "limit", 5)),
                   Arrays.copyOfRange(ids(), 10, 15), "page");
            return null;
        });
        step("search_count", () -> { expect(call("res.partner", "search_count", one(COMPANIES), null), ids().length, "count"); return null; });
        step("read_fields", () -> {
            Map<String, Object> row = first(call("res.partner", "read", one(arr(ids()[0])), map("fields", READ_FIELDS)));
            expect(new TreeMap<>(row).keySet().toArray(), arr("comment", "country_id", "id", "name"), "keys");
            return null;
        });
        step("fields_get_attributes", () -> {
            Map<?, ?> description = (Map<?, ?>) call("res.partner", "fields_get", arr(), map("attributes", arr("string", "help", "type")));
            expect(description.get("name"), map("string", "Name", "type", "char"), "name field");
            return null;
        });
        step("search_read", () -> {
            Object[] rows = (Object[]) call("res.partner", "search_read", one(COMPANIES), map("fields", READ_FIELDS, "limit", 5));
            expect(rows.length, 5, "rows");
            expect(new TreeMap<>(first(rows)).keySet().toArray(), arr("comment", "country_id", "id", "name"), "keys");
            return null;
        });
        step("create", () -> {
            state.put("id", call("res.partner", "create", arr(map("name", PARTNER_NAME)), null));
            check(state.get("id") instanceof Integer, "create gave " + state.get("id"));
            return null;
        });
        step("write_non_ascii", () -> {
            expect(call("res.partner", "write", arr(arr(state.get("id")), map("name", NON_ASCII_NAME)), null), true, "write");
            expect(first(call("res.partner", "read", one(arr(state.get("id"))), map("fields", arr("name")))).get("name"),
                   NON_ASCII_NAME, "name read back");
            return null;
        });
        step("display_name", () -> {
            expect(first(call("res.partner", "read", one(arr(state.get("id"))), map("fields", arr("display_name")))).get("display_name"),
                   NON_ASCII_NAME, "display_name");
            expect(call("res.partner", "name_get", one(arr(state.get("id"))), null), one(arr(state.get("id"), NON_ASCII_NAME)), "name_get");
            return null;
        });
        step("unlink", () -> { expect(call("res.partner", "unlink", one(arr(state.get("id"))), null), true, "unlink"); return null; });
        step("unlink_gone", () -> {
            expect(call("res.partner", "search", one(one(arr("id", "=", state.get("id")))), null), arr(), "search");
            return null;
        });
        step("x_model_create", () -> {
            state.put("model_id", call("ir.model", "create", arr(map("name", "Walk-through model", "model", X_MODEL, "state", "manual")), null));
            return null;
        });
        step("x_fields_create", () -> {
            call("ir.model.fields", "create", arr(map("model_id", state.get("model_id"), "name", "x_name", "ttype", "char",
                                                       "state", "manual", "required", true)), null);
            call("ir.model.fields", "create", arr(map("model_id", state.get("model_id"), "name", "x_quantity",
                                                       "ttype", "integer", "state", "manual")), null);
            expect(call(X_MODEL, "fields_get", one(arr("x_name")), map("attributes", arr("type"))),
                   map("x_name", map("type", "char")), "fields_get");
            return null;
        });
        step("x_record", () -> {
            Object id = call(X_MODEL, "create", arr(map("x_name", "Ça marche", "x_quantity", 3)), null);
            expect(first(call(X_MODEL, "read", one(arr(id)), map("fields", arr("x_name", "x_quantity", "display_name")))),
                   map("id", id, "x_name", "Ça marche", "x_quantity", 3, "display_name", "Ça marche"), "record");
            expect(call(X_MODEL, "search", one(one(arr("x_quantity", ">", 2))), null), arr(id), "search");
            return null;
        });
        step("x_model_drop", () -> {
            expect(call("ir.model", "unlink", one(arr(state.get("model_id"))), null), true, "unlink");
            expect(call("ir.model", "search", one(one(arr("model", "=", X_MODEL))), null), arr(), "ir.model after unlink");
            return null;
        });
        for (int round : new int[] {1, 2}) {
            step(round == 1 ? "load_create" : "load_update", () -> {
                Map<?, ?> result = (Map<?, ?>) call("crm.lead", "load", arr(LEAD_FIELDS, leadRows(round)), null);
                expect(result.get("messages"), arr(), "messages");
                if (round == 1) state.put("lead_ids", result.get("ids"));
                expect(result.get("ids"), state.get("lead_ids"), "ids");
                Object[] rows = (Object[]) call("crm.lead", "read", arr(result.get("ids")), map("fields", arr("name", "expected_revenue")));
                expect(((Map<?, ?>) rows[0]).get("name"), "Lead one " + TAG + " r" + round, "name");
                expect(((Map<?, ?>) rows[1]).get("expected_revenue"), Double.valueOf((2000 * round) + ".5"), "revenue");
                if (round == 2) call("crm.lead", "unlink", arr(result.get("ids")), null);
                return null;
            });
        }
        try {
            Object[] keys = (Object[]) call("ir.model", "search", one(one(arr("model", "=", "res.users.apikeys"))), null);
            if (keys.length == 0) {
                System.out.println("skip api_key: the server has no res.users.apikeys");
            } else {
                step("api_key", () -> {
                    check(!API_KEY.isEmpty(), "res.users.apikeys exists but ERPSERVER_API_KEY is empty");
                    expect(common.call("authenticate", DB, LOGIN, API_KEY, new HashMap<String, Object>()), uid, "uid for the key");
                    expect(models.call("execute_kw", DB, uid, API_KEY, "res.partner", "search_count", one(COMPANIES)),
                           ids().length, "count with the key");
                    return null;
                });
            }
        } catch (Exception error) {
            step("api_key", () -> { throw error; });
        }
        step("fault", () -> {
            try {
                models.call("execute_kw", DB, uid, "not the password", "res.partner", "search", one(arr()));
            } catch (XMLRPCServerException fault) {
                expect(fault.getErrorNr(), 3, "faultCode");
                return null;
            }
            throw new AssertionError("a wrong password was accepted");
        });
        step("typed_replies", () -> {
            // every reply value typed, no <nil/> and no <i8>: an empty many2one is false, a date a string
            Map<String, Object> row = first(call("res.partner", "read", one(arr(ids()[0])),
                                                 map("fields", arr("parent_id", "create_date", "color"))));
            expect(row.get("parent_id"), false, "empty many2one");
            check(row.get("create_date") instanceof String, "create_date is " + row.get("create_date"));
            check(row.get("color") instanceof Integer, "color is " + row.get("color"));
            return null;
        });
        System.out.println("aXMLRPC: " + passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
