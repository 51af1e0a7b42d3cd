// odoo-xmlrpc 1.0.8: new Odoo({url, port, db, username, password}), connect(callback), then
// execute_kw(model, method, [args, kwargs?], callback); its README passes search's offset and
// limit positionally ([[domain, 10, 5]]). No version call: it only authenticates.
'use strict';
const Odoo = require('odoo-xmlrpc');
const { config, data, step, expect, finish, walk } = require('./walk');

function connect(odoo) {
  return new Promise((resolve, reject) => odoo.connect((error, uid) => (error ? reject(error) : resolve(uid))));
}

function executeKw(odoo, model, method, params) {
  return new Promise((resolve, reject) => {
    odoo.execute_kw(model, method, params, (error, value) => (error ? reject(error) : resolve(value)));
  });
}

function odooFor(secret) {
  return new Odoo({ url: config.url, port: config.port, db: config.db, username: config.login, password: secret });
}

async function main() {
  const clients = {};  // one Odoo object per secret: it keeps the uid from its connect()
  const { state } = await walk({
    version: null,
    authenticate: async (login, secret) => {
      clients[secret] = odooFor(secret);
      return connect(clients[secret]);
    },
    call: (uid, secret, model, method, args, kwargs) =>
      executeKw(clients[secret], model, method, kwargs ? [args, kwargs] : [args]),
  });
  const odoo = clients[config.password];
  await step('positional_search', async () => {
    // the README's style: offset and limit as search's 2nd and 3rd positional arguments
    expect(await executeKw(odoo, 'res.partner', 'search', [[data.companies, 10, 5]]), state.companies.slice(10, 15));
    const rows = await executeKw(odoo, 'res.partner', 'search_read', [[data.companies, ['name'], 0, 2]]);
    expect(rows.map((row) => row.id), state.companies.slice(0, 2), 'search_read positional');
  });
  await step('check_access_rights_positional', async () =>
    expect(await executeKw(odoo, 'res.partner', 'check_access_rights', [['read', false]]), true));
  finish('odoo-xmlrpc');
}

main();
