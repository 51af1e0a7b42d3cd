// What the Node client scripts share: the server, the walk-through's data, the step runner (one
// line per step, then the total) and the walk-through over a raw execute_kw, which the npm
// `xmlrpc` and `odoo-xmlrpc` scripts run with their own way of calling.
// Contract (environment, output): tests/clients/README.md.
'use strict';
const { isDeepStrictEqual, inspect } = require('node:util');

const env = process.env;
const config = {
  url: env.ERPSERVER_URL || 'http://127.0.0.1:8069',
  db: env.ERPSERVER_DB || 'demo',
  login: env.ERPSERVER_LOGIN || 'admin',
  password: env.ERPSERVER_PASSWORD || 'admin',
  apiKey: env.ERPSERVER_API_KEY || '',
  tag: env.ERPSERVER_TAG || 'js',
};
const url = new URL(config.url);
config.host = url.hostname;
config.port = Number(url.port || 80);

const data = {
  companies: [['is_company', '=', true]],
  readFields: ['name', 'country_id', 'comment'],
  partnerName: `Walk-through partner ${config.tag}`,
  nonAsciiName: `Zoë Ærøskøbing — Łódź 東京 ${config.tag}`,
  xModel: `x_walk_${config.tag}`,
  leadFields: ['id', 'name', 'email_from', 'expected_revenue', 'country_id'],
  leadXids: [`__import__.walk_${config.tag}_1`, `__import__.walk_${config.tag}_2`],
  leadRows(round) {
    return [[this.leadXids[0], `Lead one ${config.tag} r${round}`, 'one@example.com', `${1000 * round}`, 'Belgium'],
            [this.leadXids[1], `Lead two ${config.tag} r${round}`, 'two@example.com', `${2000 * round}.5`, 'France']];
  },
};

let passed = 0;
let failed = 0;

async function step(name, action) {
  try {
    const result = await action();
    passed += 1;
    console.log(`ok ${name}`);
    return result;
  } catch (error) {
    failed += 1;
    const text = (error && error.message) ? `${error.name || 'Error'}: ${error.message}` : inspect(error);
    console.log(`FAIL ${name}: ${text.replace(/\s+/g, ' ').slice(0, 500)}`);
    return undefined;
  }
}

function skip(name, reason) { console.log(`skip ${name}: ${reason}`); }

function expect(actual, expected, what = 'value') {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function check(condition, message) { if (!condition) throw new Error(message); }

function finish(client) {
  console.log(`${client}: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

const sorted = (values) => [...values].sort();

// The API-key step: skipped while the server has no res.users.apikeys, then run with the key
// the test passes in (a missing key is a failure).
async function apiKeyStep(keysExist, useKey) {
  let exist;
  try {
    exist = await keysExist();
  } catch (error) {
    await step('api_key', () => { throw error; });
    return;
  }
  if (!exist) {
    skip('api_key', 'the server has no res.users.apikeys');
  } else {
    await step('api_key', () => {
      check(config.apiKey, 'res.users.apikeys exists but ERPSERVER_API_KEY is empty');
      return useKey();
    });
  }
}

// The walk-through over execute_kw. `client` gives: version() (or null when the client has none),
// authenticate(login, secret) -> uid, call(uid, secret, model, method, args, kwargs or undefined).
async function walk(client) {
  const state = {};
  let uid = 0;
  const call = (model, method, args, kwargs) => client.call(uid, config.password, model, method, args, kwargs);
  const { companies, readFields } = data;
  if (client.version) {
    await step('version', async () => expect((await client.version()).server_version, '17.0', 'server_version'));
  }
  await step('authenticate', async () => {
    uid = await client.authenticate(config.login, config.password);
    check(Number.isInteger(uid) && uid > 0, `authenticate gave ${uid}`);
  });
  await step('check_access_rights', async () =>
    expect(await call('res.partner', 'check_access_rights', ['read'], { raise_exception: false }), true));
  await step('search', async () => {
    state.companies = await call('res.partner', 'search', [companies]);
    check(state.companies.length > 0, 'search found nothing');
  });
  await step('search_offset_limit', async () =>
    expect(await call('res.partner', 'search', [companies], { offset: 10, limit: 5 }), state.companies.slice(10, 15)));
  await step('search_count', async () =>
    expect(await call('res.partner', 'search_count', [companies]), state.companies.length));
  await step('read_fields', async () => {
    const [row] = await call('res.partner', 'read', [state.companies.slice(0, 1)], { fields: readFields });
    expect(sorted(Object.keys(row)), sorted(['id', ...readFields]), 'keys');
  });
  await step('fields_get_attributes', async () => {
    const description = await call('res.partner', 'fields_get', [], { attributes: ['string', 'help', 'type'] });
    expect(description.name, { string: 'Name', type: 'char' }, 'name field');
  });
  await step('search_read', async () => {
    const rows = await call('res.partner', 'search_read', [companies], { fields: readFields, limit: 5 });
    expect(rows.length, 5, 'rows');
    expect(sorted(Object.keys(rows[0])), sorted(['id', ...readFields]), 'keys');
  });
  await step('create', async () => {
    state.id = await call('res.partner', 'create', [{ name: data.partnerName }]);
    check(Number.isInteger(state.id), `create gave ${state.id}`);
  });
  await step('write_non_ascii', async () => {
    expect(await call('res.partner', 'write', [[state.id], { name: data.nonAsciiName }]), true, 'write');
    const [row] = await call('res.partner', 'read', [[state.id]], { fields: ['name'] });
    expect(row.name, data.nonAsciiName, 'name read back');
  });
  await step('display_name', async () => {
    const [row] = await call('res.partner', 'read', [[state.id]], { fields: ['display_name'] });
    expect(row.display_name, data.nonAsciiName, 'display_name');
    expect(await call('res.partner', 'name_get', [[state.id]]), [[state.id, data.nonAsciiName]], 'name_get');
  });
  await step('unlink', async () => expect(await call('res.partner', 'unlink', [[state.id]]), true));
  await step('unlink_gone', async () => expect(await call('res.partner', 'search', [[['id', '=', state.id]]]), []));
  await step('x_model_create', async () => {
    state.modelId = await call('ir.model', 'create', [{ name: 'Walk-through model', model: data.xModel,
                                                        state: 'manual' }]);
  });
  await step('x_fields_create', async () => {
    await call('ir.model.fields', 'create', [{ model_id: state.modelId, name: 'x_name', ttype: 'char',
                                               state: 'manual', required: true }]);
    await call('ir.model.fields', 'create', [{ model_id: state.modelId, name: 'x_quantity', ttype: 'integer',
                                               state: 'manual' }]);
    expect(await call(data.xModel, 'fields_get', [['x_name']], { attributes: ['type'] }), { x_name: { type: 'char' } });
  });
  await step('x_record', async () => {
    const id = await call(data.xModel, 'create', [{ x_name: 'Ça marche', x_quantity: 3 }]);
    const [row] = await call(data.xModel, 'read', [[id]], { fields: ['x_name', 'x_quantity', 'display_name'] });
    expect(row, { id, x_name: 'Ça marche', x_quantity: 3, display_name: 'Ça marche' }, 'record');
    expect(await call(data.xModel, 'search', [[['x_quantity', '>', 2]]]), [id], 'search');
  });
  await step('x_model_drop', async () => {
    expect(await call('ir.model', 'unlink', [[state.modelId]]), true);
    expect(await call('ir.model', 'search', [[['model', '=', data.xModel]]]), [], 'ir.model after unlink');
  });
  for (const round of [1, 2]) {
    await step(round === 1 ? 'load_create' : 'load_update', async () => {
      const result = await call('crm.lead', 'load', [data.leadFields, data.leadRows(round)]);
      expect(result.messages, [], 'messages');
      if (round === 1) state.leadIds = result.ids;
      expect(result.ids, state.leadIds, 'ids');
      const rows = await call('crm.lead', 'read', [result.ids], { fields: ['name', 'expected_revenue'] });
      expect(rows.map((row) => row.name), data.leadRows(round).map((row) => row[1]), 'names');
      expect(rows[1].expected_revenue, Number(data.leadRows(round)[1][3]), 'revenue');
      if (round === 2) await call('crm.lead', 'unlink', [result.ids]);
    });
  }
  await apiKeyStep(async () => (await call('ir.model', 'search', [[['model', '=', 'res.users.apikeys']]])).length > 0,
    async () => {
      expect(await client.authenticate(config.login, config.apiKey), uid, 'uid for the key');
      expect(await client.call(uid, config.apiKey, 'res.partner', 'search_count', [companies]),
        state.companies.length, 'count with the key');
    });
  return { uid, call, state };
}

module.exports = { config, data, step, skip, expect, check, finish, sorted, walk, apiKeyStep };
