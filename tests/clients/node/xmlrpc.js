// npm `xmlrpc` 1.3.2: createClient + methodCall(name, params, callback), here behind promises.
// It sends JS null as <nil/>, undefined as an empty <value/>, and strings holding < or & as CDATA.
'use strict';
const xmlrpc = require('xmlrpc');
const { config, step, expect, check, finish, walk } = require('./walk');

const common = xmlrpc.createClient({ host: config.host, port: config.port, path: '/xmlrpc/2/common' });
const object = xmlrpc.createClient({ host: config.host, port: config.port, path: '/xmlrpc/2/object' });

function methodCall(client, method, params) {
  return new Promise((resolve, reject) => {
    client.methodCall(method, params, (error, value) => (error ? reject(error) : resolve(value)));
  });
}

async function main() {
  const { uid, call } = await walk({
    version: () => methodCall(common, 'version', []),
    authenticate: (login, secret) => methodCall(common, 'authenticate', [config.db, login, secret, {}]),
    call: (uid, secret, model, method, args, kwargs) => methodCall(object, 'execute_kw',
      [config.db, uid, secret, model, method, args, ...(kwargs ? [kwargs] : [])]),
  });
  await step('fault', async () => {
    try {
      await methodCall(object, 'execute_kw', [config.db, uid, 'not the password', 'res.partner', 'search', [[]]]);
    } catch (error) {
      expect(error.faultCode, 3, 'faultCode');
      return;
    }
    throw new Error('a wrong password was accepted');
  });
  await step('nulls_and_cdata', async () => {
    // null (<nil/>) and undefined (<value/>) as "not given"; a name with < & > goes as CDATA
    const name = `Fish & Chips <${config.tag}>`;
    const id = await call('res.partner', 'create', [{ name }]);
    const found = await call('res.partner', 'search', [[['id', '=', id]], null, null, null]);
    expect(found, [id], 'search with nulls');
    const rows = await call('res.partner', 'search_read', [[['id', '=', id]]],
      { fields: ['name'], offset: undefined, limit: null, order: undefined });
    expect(rows, [{ id, name }], 'search_read with null and undefined');
    check(await call('res.partner', 'unlink', [[id]]), 'unlink');
  });
  finish('npm xmlrpc');
}

main();
