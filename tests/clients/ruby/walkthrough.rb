# Ruby's xmlrpc gem (0.3.2, Debian's ruby-xmlrpc), written as Odoo's "External API" page does it:
# XMLRPC::Client.new2 on /xmlrpc/2/common and a proxy on /xmlrpc/2/object.
# Contract (environment, output): tests/clients/README.md.
require "xmlrpc/client"

URL = ENV.fetch("ERPSERVER_URL", "http://127.0.0.1:8069")
DB = ENV.fetch("ERPSERVER_DB", "demo")
LOGIN = ENV.fetch("ERPSERVER_LOGIN", "admin")
PASSWORD = ENV.fetch("ERPSERVER_PASSWORD", "admin")
API_KEY = ENV.fetch("ERPSERVER_API_KEY", "")
TAG = ENV.fetch("ERPSERVER_TAG", "rb")

COMPANIES = [["is_company", "=", true]]
READ_FIELDS = %w[name country_id comment]
PARTNER_NAME = "Walk-through partner #{TAG}"
NON_ASCII_NAME = "Zoë Ærøskøbing — Łódź 東京 #{TAG}"
X_MODEL = "x_walk_#{TAG}"
LEAD_FIELDS = %w[id name email_from expected_revenue country_id]
LEAD_XIDS = ["__import__.walk_#{TAG}_1", "__import__.walk_#{TAG}_2"]

def lead_rows(round)
  [[LEAD_XIDS[0], "Lead one #{TAG} r#{round}", "one@example.com", (1000 * round).to_s, "Belgium"],
   [LEAD_XIDS[1], "Lead two #{TAG} r#{round}", "two@example.com", "#{2000 * round}.5", "France"]]
end

$passed = 0
$failed = 0

def step(name)
  yield
  $passed += 1
  puts "ok #{name}"
rescue StandardError, ScriptError => e
  $failed += 1
  puts "FAIL #{name}: #{e.class}: #{e.message.split.join(' ')[0, 500]}"
end

def expect(actual, expected, what = "value")
  raise "#{what}: expected #{expected.inspect}, got #{actual.inspect}" unless actual == expected
end

$stdout.sync = true
common = XMLRPC::Client.new2("#{URL}/xmlrpc/2/common")
models = XMLRPC::Client.new2("#{URL}/xmlrpc/2/object").proxy
uid = nil
state = {}
call = lambda { |model, method, args, kwargs = nil|
  kwargs ? models.execute_kw(DB, uid, PASSWORD, model, method, args, kwargs)
         : models.execute_kw(DB, uid, PASSWORD, model, method, args)
}

step("version") { expect(common.call("version")["server_version"], "17.0", "server_version") }
step("authenticate") do
  uid = common.call("authenticate", DB, LOGIN, PASSWORD, {})
  raise "authenticate gave #{uid.inspect}" unless uid.is_a?(Integer) && uid > 0
end
step("check_access_rights") do
  expect(call.("res.partner", "check_access_rights", ["read"], { raise_exception: false }), true)
end
step("search") do
  state[:companies] = call.("res.partner", "search", [COMPANIES])
  raise "search gave #{state[:companies].inspect}" if state[:companies].empty?
end
step("search_offset_limit") do
  expect(call.("res.partner", "search", [COMPANIES], { offset: 10, limit: 5 }), state[:companies][10, 5], "page")
end
step("search_count") { expect(call.("res.partner", "search_count", [COMPANIES]), state[:companies].length) }
step("read_fields") do
  record = call.("res.partner", "read", [state[:companies][0, 1]], { fields: READ_FIELDS }).first
  expect(record.keys.sort, (READ_FIELDS + ["id"]).sort, "keys")
end
step("fields_get_attributes") do
  description = call.("res.partner", "fields_get", [], { attributes: %w[string help type] })
  expect(description["name"], { "string" => "Name", "type" => "char" }, "name field")
end
step("search_read") do
  rows = call.("res.partner", "search_read", [COMPANIES], { fields: READ_FIELDS, limit: 5 })
  expect(rows.length, 5, "rows")
  expect(rows[0].keys.sort, (READ_FIELDS + ["id"]).sort, "keys")
end
step("create") do
  state[:id] = call.("res.partner", "create", [{ name: PARTNER_NAME }])
  raise "create gave #{state[:id].inspect}" unless state[:id].is_a?(Integer)
end
step("write_non_ascii") do
  expect(call.("res.partner", "write", [[state[:id]], { name: NON_ASCII_NAME }]), true, "write")
  expect(call.("res.partner", "read", [[state[:id]]], { fields: ["name"] })[0]["name"], NON_ASCII_NAME, "name")
end
step("display_name") do
  expect(call.("res.partner", "read", [[state[:id]]], { fields: ["display_name"] })[0]["display_name"],
         NON_ASCII_NAME, "display_name")
  expect(call.("res.partner", "name_get", [[state[:id]]]), [[state[:id], NON_ASCII_NAME]], "name_get")
end
step("unlink") { expect(call.("res.partner", "unlink", [[state[:id]]]), true) }
step("unlink_gone") { expect(call.("res.partner", "search", [[["id", "=", state[:id]]]]), []) }
step("x_model_create") do
  state[:model_id] = call.("ir.model", "create", [{ name: "Walk-through model", model: X_MODEL, state: "manual" }])
end
step("x_fields_create") do
  call.("ir.model.fields", "create", [{ model_id: state[:model_id], name: "x_name", ttype: "char",
                                        state: "manual", required: true }])
  call.("ir.model.fields", "create", [{ model_id: state[:model_id], name: "x_quantity", ttype: "integer",
                                        state: "manual" }])
  expect(call.(X_MODEL, "fields_get", [["x_name"]], { attributes: ["type"] }), { "x_name" => { "type" => "char" } })
end
step("x_record") do
  record_id = call.(X_MODEL, "create", [{ x_name: "Ça marche", x_quantity: 3 }])
  row = call.(X_MODEL, "read", [[record_id]], { fields: %w[x_name x_quantity display_name] })[0]
  expect(row, { "id" => record_id, "x_name" => "Ça marche", "x_quantity" => 3, "display_name" => "Ça marche" })
  expect(call.(X_MODEL, "search", [[["x_quantity", ">", 2]]]), [record_id], "search")
end
step("x_model_drop") do
  expect(call.("ir.model", "unlink", [[state[:model_id]]]), true)
  expect(call.("ir.model", "search", [[["model", "=", X_MODEL]]]), [], "ir.model after unlink")
end
[1, 2].each do |round|
  step(round == 1 ? "load_create" : "load_update") do
    result = call.("crm.lead", "load", [LEAD_FIELDS, lead_rows(round)])
    expect(result["messages"], [], "messages")
    state[:lead_ids] = result["ids"] if round == 1
    expect(result["ids"], state[:lead_ids], "ids")
    rows = call.("crm.lead", "read", [result["ids"]], { fields: %w[name expected_revenue] })
    expect(rows.map { |row| row["name"] }, lead_rows(round).map { |row| row[1] }, "names")
    expect(rows[1]["expected_revenue"], lead_rows(round)[1][3].to_f, "revenue")
    call.("crm.lead", "unlink", [result["ids"]]) if round == 2
  end
end
begin
  keys_exist = !call.("ir.model", "search", [[["model", "=", "res.users.apikeys"]]]).empty?
  if !keys_exist
    puts "skip api_key: the server has no res.users.apikeys"
  else
    step("api_key") do
      raise "res.users.apikeys exists but ERPSERVER_API_KEY is empty" if API_KEY.empty?
      expect(common.call("authenticate", DB, LOGIN, API_KEY, {}), uid, "uid for the key")
      expect(models.execute_kw(DB, uid, API_KEY, "res.partner", "search_count", [COMPANIES]),
             state[:companies].length, "count with the key")
    end
  end
rescue StandardError => e
  step("api_key") { raise e }
end
step("fault") do
  begin
    models.execute_kw(DB, uid, "not the password", "res.partner", "search", [[]])
    raise "a wrong password was accepted"
  rescue XMLRPC::FaultException => e
    expect(e.faultCode, 3, "faultCode")
  end
end
step("call2_and_symbol_keys") do
  ok, result = common.call2("version")
  raise "call2 failed" unless ok
  expect(result["server_version"], "17.0")
  ok, fault = XMLRPC::Client.new2("#{URL}/xmlrpc/2/object").call2("execute_kw", DB, uid, PASSWORD, "res.partner",
                                                                 "no_such_method", [])
  raise "no_such_method passed" if ok
  raise "fault is #{fault.class}" unless fault.is_a?(XMLRPC::FaultException) && fault.faultCode.is_a?(Integer)
end
puts "ruby xmlrpc: #{$passed} passed, #{$failed} failed"
exit($failed.zero? ? 0 : 1)
