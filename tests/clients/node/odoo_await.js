// odoo-await 3.4.1: `new Odoo({baseUrl, port, db, username, password})`, `connect()`, then its CRUD
// helpers: create, read, update, delete (bare int ids), search, searchRead (sends offset 0,
// limit 0 and order '' when not given), getFields, external-id helpers over ir.model.data;
// execute_kw for the rest. No version call: it only authenticates.
'use strict';
const Odoo = require('odoo-await');
const { config, data, step, expect, check, finish, sorted, apiKeyStep } = require('./walk');

function odooFor(secret) {
  return new Odoo({ baseUrl: config.url, port: config.port, db: config.db, username: config.login, password: secret });
}

async function main() {
  const odoo = odooFor(config.password);
  const state = {};
  const { companies, readFields } = data;
  await step('authenticate', async () => {
    const uid = await odoo.connect();
    check(Number.isInteger(uid) && uid > 0, `connect gave ${uid}`);
  });
  await step('check_access_rights', async () =>
    expect(await odoo.execute_kw('res.partner', 'check_access_rights', [['read'], { raise_exception: false }]), true));
  await step('search', async () => {
    state.companies = await odoo.search('res.partner', companies);
    check(state.companies.length > 0, 'search found nothing');
  });
  await step('search_offset_limit', async () => {
    const rows = await odoo.searchRead('res.partner', companies, ['name'], { offset: 10, limit: 5 });
    expect(rows.map((row) => row.id), state.companies.slice(10, 15), 'page');
  });
  await step('search_count', async () =>
    expect(await odoo.execute_kw('res.partner', 'search_count', [[companies]]), state.companies.length));
  await step('read_fields', async () => {
    const [row] = await odoo.read('res.partner', state.companies[0], readFields);  // a bare id
    expect(sorted(Object.keys(row)), sorted(['id', ...readFields]), 'keys');
  });
  await step('fields_get_attributes', async () => {
    const description = await odoo.getFields('res.partner', ['string', 'help', 'type']);
    expect(description.name, { string: 'Name', type: 'char' }, 'name field');
  });
  await step('search_read', async () => {
    // searchRead's defaults: offset 0, limit 0 ("all"), order '' and context {}
    const rows = await odoo.searchRead('res.partner', companies, readFields);
    expect(rows.map((row) => row.id), state.companies, 'all companies');
    expect(sorted(Object.keys(rows[0])), sorted(['id', ...readFields]), 'keys');
    const byObject = await odoo.searchRead('res.partner', { is_company: true }, ['name'], { limit: 5 });
    expect(byObject.length, 5, 'domain given as an object');
  });
  await step('create', async () => {
    state.id = await odoo.create('res.partner', { name: data.partnerName });
    check(Number.isInteger(state.id), `create gave ${state.id}`);
  });
  await step('write_non_ascii', async () => {
    expect(await odoo.update('res.partner', state.id, { name: data.nonAsciiName }), true, 'update(a bare id)');
    const [row] = await odoo.read('res.partner', state.id, ['name']);
    expect(row.name, data.nonAsciiName, 'name read back');
  });
  await step('display_name', async () => {
    const [row] = await odoo.read('res.partner', [state.id], ['display_name']);
    expect(row.display_name, data.nonAsciiName, 'display_name');
  });
  await step('unlink', async () => expect(await odoo.delete('res.partner', state.id), true));
  await step('unlink_gone', async () => expect(await odoo.search('res.partner', { id: state.id }), []));
  await step('x_model_create', async () => {
    state.modelId = await odoo.create('ir.model', { name: 'Walk-through model', model: data.xModel, state: 'manual' });
  });
  await step('x_fields_create', async () => {
    await odoo.create('ir.model.fields', { model_id: state.modelId, name: 'x_name', ttype: 'char', state: 'manual',
                                           required: true });
    await odoo.create('ir.model.fields', { model_id: state.modelId, name: 'x_quantity', ttype: 'integer',
                                           state: 'manual' });
    const fields = await odoo.getFields(data.xModel, ['type']);
    expect([fields.x_name, fields.x_quantity], [{ type: 'char' }, { type: 'integer' }]);
  });
  await step('x_record', async () => {
    const id = await odoo.create(data.xModel, { x_name: 'Ça marche', x_quantity: 3 });
    const [row] = await odoo.read(data.xModel, id, ['x_name', 'x_quantity', 'display_name']);
    expect(row, { id, x_name: 'Ça marche', x_quantity: 3, display_name: 'Ça marche' }, 'record');
    expect(await odoo.search(data.xModel, ['x_quantity', '>', 2]), [id], 'search with one leaf');
  });
  await step('x_model_drop', async () => {
    expect(await odoo.delete('ir.model', state.modelId), true);
    expect(await odoo.search('ir.model', { model: data.xModel }), [], 'ir.model after unlink');
  });
  for (const round of [1, 2]) {
    await step(round === 1 ? 'load_create' : 'load_update', async () => {
      const result = await odoo.execute_kw('crm.lead', 'load', [[data.leadFields, data.leadRows(round)]]);
      expect(result.messages, [], 'messages');
      if (round === 1) state.leadIds = result.ids;
      expect(result.ids, state.leadIds, 'ids');
      const rows = await odoo.read('crm.lead', result.ids, ['name', 'expected_revenue']);
      expect(rows.map((row) => row.name), data.leadRows(round).map((row) => row[1]), 'names');
      // odoo-await's external-id helpers look up ir.model.data by name alone
      const lead = await odoo.readByExternalId(data.leadXids[1].split('.')[1], ['name']);
      expect(lead, { id: result.ids[1], name: data.leadRows(round)[1][1] }, 'readByExternalId');
    });
  }
  await apiKeyStep(async () => (await odoo.search('ir.model', { model: 'res.users.apikeys' })).length > 0,
    async () => {
      const keyed = odooFor(config.apiKey);
      await keyed.connect();
      expect(await keyed.execute_kw('res.partner', 'search_count', [[companies]]), state.companies.length, 'count');
    });
  await step('external_id_helpers', async () => {
    const xid = `walk_${config.tag}_partner`;
    const id = await odoo.create('res.partner', { name: data.partnerName }, xid);
    expect(await odoo.searchByExternalId(xid), id, 'searchByExternalId');
    expect(await odoo.updateByExternalId(xid, { city: 'Košice' }), true, 'updateByExternalId');
    expect((await odoo.read('res.partner', id, ['city']))[0].city, 'Košice', 'city');
    expect(await odoo.deleteByExternalId(xid), true, 'deleteByExternalId');
    expect(await odoo.search('res.partner', { id }), [], 'deleted');
  });
  await step('leads_cleanup', async () => expect(await odoo.delete('crm.lead', state.leadIds), true));
  await step('many2many_actions', async () => {
    // odoo-await's { action, ... } objects for x2many fields become Odoo's commands
    const tag = await odoo.create('res.partner.category', { name: `Walk ${config.tag}` });
    const id = await odoo.create('res.partner', { name: data.partnerName, category_id: { action: 'add', id: tag } });
    expect((await odoo.read('res.partner', id, ['category_id']))[0].category_id, [tag], 'added');
    await odoo.update('res.partner', id, { category_id: { action: 'clear' } });
    expect((await odoo.read('res.partner', id, ['category_id']))[0].category_id, [], 'cleared');
    await odoo.delete('res.partner', id);
    await odoo.delete('res.partner.category', tag);
  });
  finish('odoo-await');
}

main();
