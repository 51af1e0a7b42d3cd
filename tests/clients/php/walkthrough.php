<?php
// PHP's xmlrpc extension (Debian's php-xmlrpc), the way ripcord wraps it: a proxy object whose
// method calls are xmlrpc_encode_request + an HTTP POST (file_get_contents with a stream
// context) + xmlrpc_decode, written as Odoo's "External API" page writes its PHP examples.
// Empty PHP arrays go out as <array>, never <struct> (authenticate's 4th argument, no kwargs).
// Contract (environment, output): tests/clients/README.md.

final class Fault extends Exception {}

final class Client  // what ripcord::client gives
{
    public function __construct(private string $url) {}

    public function __call(string $method, array $params): mixed
    {
        $request = xmlrpc_encode_request($method, $params, ['encoding' => 'utf-8', 'escaping' => 'markup']);
        $context = stream_context_create(['http' => [
            'method' => 'POST', 'header' => "Content-Type: text/xml\r\n", 'content' => $request]]);
        $body = file_get_contents($this->url, false, $context);
        if ($body === false) {
            throw new RuntimeException("no answer from {$this->url}");
        }
        $result = xmlrpc_decode($body, 'utf-8');
        if (is_array($result) && xmlrpc_is_fault($result)) {
            throw new Fault($result['faultString'], (int) $result['faultCode']);
        }
        return $result;
    }
}

$URL = getenv('ERPSERVER_URL') ?: 'http://127.0.0.1:8069';
$DB = getenv('ERPSERVER_DB') ?: 'demo';
$LOGIN = getenv('ERPSERVER_LOGIN') ?: 'admin';
$PASSWORD = getenv('ERPSERVER_PASSWORD') ?: 'admin';
$API_KEY = getenv('ERPSERVER_API_KEY') ?: '';
$TAG = getenv('ERPSERVER_TAG') ?: 'php';

$COMPANIES = [['is_company', '=', true]];
$READ_FIELDS = ['name', 'country_id', 'comment'];
$PARTNER_NAME = "Walk-through partner $TAG";
$NON_ASCII_NAME = "Zoë Ærøskøbing — Łódź 東京 $TAG";
$X_MODEL = "x_walk_$TAG";
$LEAD_FIELDS = ['id', 'name', 'email_from', 'expected_revenue', 'country_id'];
$LEAD_XIDS = ["__import__.walk_{$TAG}_1", "__import__.walk_{$TAG}_2"];

function lead_rows(int $round): array
{
    global $LEAD_XIDS, $TAG;
    return [[$LEAD_XIDS[0], "Lead one $TAG r$round", 'one@example.com', (string) (1000 * $round), 'Belgium'],
            [$LEAD_XIDS[1], "Lead two $TAG r$round", 'two@example.com', (2000 * $round) . '.5', 'France']];
}

$passed = 0;
$failed = 0;

function step(string $name, callable $action): void
{
    global $passed, $failed;
    try {
        $action();
        $passed++;
        echo "ok $name\n";
    } catch (Throwable $error) {
        $failed++;
        $message = preg_replace('/\s+/', ' ', get_class($error) . ': ' . $error->getMessage());
        echo "FAIL $name: " . substr($message, 0, 500) . "\n";
    }
}

function expect(mixed $actual, mixed $expected, string $what = 'value'): void
{
    if ($actual != $expected) {
        throw new Exception("$what: expected " . json_encode($expected, JSON_UNESCAPED_UNICODE)
                            . ', got ' . json_encode($actual, JSON_UNESCAPED_UNICODE));
    }
}

function sorted(array $values): array { sort($values); return $values; }

$common = new Client("$URL/xmlrpc/2/common");
$models = new Client("$URL/xmlrpc/2/object");
$uid = 0;
$state = [];
$call = function (string $model, string $method, array $args, array $kwargs = []) use (&$uid, $models, $DB, $PASSWORD) {
    return $models->execute_kw($DB, $uid, $PASSWORD, $model, $method, $args, $kwargs);
};

step('version', function () use ($common) { expect($common->version()['server_version'], '17.0', 'server_version'); });
step('authenticate', function () use ($common, &$uid, $DB, $LOGIN, $PASSWORD) {
    $uid = $common->authenticate($DB, $LOGIN, $PASSWORD, []);
    if (!is_int($uid) || $uid <= 0) throw new Exception('authenticate gave ' . var_export($uid, true));
});
step('check_access_rights', function () use ($call) {
    expect($call('res.partner', 'check_access_rights', ['read'], ['raise_exception' => false]), true);
});
step('search', function () use ($call, &$state, $COMPANIES) {
    $state['companies'] = $call('res.partner', 'search', [$COMPANIES]);
    if (!$state['companies']) throw new Exception('search found nothing');
});
step('search_offset_limit', function () use ($call, &$state, $COMPANIES) {
    expect($call('res.partner', 'search', [$COMPANIES], ['offset' => 10, 'limit' => 5]),
           array_slice($state['companies'], 10, 5), 'page');
});
step('search_count', function () use ($call, &$state, $COMPANIES) {
    expect($call('res.partner', 'search_count', [$COMPANIES]), count($state['companies']));
});
step('read_fields', function () use ($call, &$state, $READ_FIELDS) {
    $rows = $call('res.partner', 'read', [[$state['companies'][0]]], ['fields' => $READ_FIELDS]);
    expect(sorted(array_keys($rows[0])), sorted([...$READ_FIELDS, 'id']), 'keys');
});
step('fields_get_attributes', function () use ($call) {
    $description = $call('res.partner', 'fields_get', [], ['attributes' => ['string', 'help', 'type']]);
    expect($description['name'], ['string' => 'Name', 'type' => 'char'], 'name field');
});
step('search_read', function () use ($call, $COMPANIES, $READ_FIELDS) {
    $rows = $call('res.partner', 'search_read', [$COMPANIES], ['fields' => $READ_FIELDS, 'limit' => 5]);
    expect(count($rows), 5, 'rows');
    expect(sorted(array_keys($rows[0])), sorted([...$READ_FIELDS, 'id']), 'keys');
});
step('create', function () use ($call, &$state, $PARTNER_NAME) {
    $state['id'] = $call('res.partner', 'create', [['name' => $PARTNER_NAME]]);
    if (!is_int($state['id'])) throw new Exception('create gave ' . var_export($state['id'], true));
});
step('write_non_ascii', function () use ($call, &$state, $NON_ASCII_NAME) {
    expect($call('res.partner', 'write', [[$state['id']], ['name' => $NON_ASCII_NAME]]), true, 'write');
    expect($call('res.partner', 'read', [[$state['id']]], ['fields' => ['name']])[0]['name'], $NON_ASCII_NAME, 'name');
});
step('display_name', function () use ($call, &$state, $NON_ASCII_NAME) {
    $rows = $call('res.partner', 'read', [[$state['id']]], ['fields' => ['display_name']]);
    expect($rows[0]['display_name'], $NON_ASCII_NAME, 'display_name');
    expect($call('res.partner', 'name_get', [[$state['id']]]), [[$state['id'], $NON_ASCII_NAME]], 'name_get');
});
step('unlink', function () use ($call, &$state) { expect($call('res.partner', 'unlink', [[$state['id']]]), true); });
step('unlink_gone', function () use ($call, &$state) {
    expect($call('res.partner', 'search', [[['id', '=', $state['id']]]]), []);
});
step('x_model_create', function () use ($call, &$state, $X_MODEL) {
    $state['model_id'] = $call('ir.model', 'create', [['name' => 'Walk-through model', 'model' => $X_MODEL,
                                                      'state' => 'manual']]);
});
step('x_fields_create', function () use ($call, &$state, $X_MODEL) {
    $call('ir.model.fields', 'create', [['model_id' => $state['model_id'], 'name' => 'x_name', 'ttype' => 'char',
                                         'state' => 'manual', 'required' => true]]);
    $call('ir.model.fields', 'create', [['model_id' => $state['model_id'], 'name' => 'x_quantity',
                                         'ttype' => 'integer', 'state' => 'manual']]);
    expect($call($X_MODEL, 'fields_get', [['x_name']], ['attributes' => ['type']]), ['x_name' => ['type' => 'char']]);
});
step('x_record', function () use ($call, $X_MODEL) {
    $id = $call($X_MODEL, 'create', [['x_name' => 'Ça marche', 'x_quantity' => 3]]);
    $rows = $call($X_MODEL, 'read', [[$id]], ['fields' => ['x_name', 'x_quantity', 'display_name']]);
    expect($rows[0], ['id' => $id, 'x_name' => 'Ça marche', 'x_quantity' => 3, 'display_name' => 'Ça marche']);
    expect($call($X_MODEL, 'search', [[['x_quantity', '>', 2]]]), [$id], 'search');
});
step('x_model_drop', function () use ($call, &$state, $X_MODEL) {
    expect($call('ir.model', 'unlink', [[$state['model_id']]]), true);
    expect($call('ir.model', 'search', [[['model', '=', $X_MODEL]]]), [], 'ir.model after unlink');
});
foreach ([1, 2] as $round) {
    step($round == 1 ? 'load_create' : 'load_update', function () use ($call, &$state, $round, $LEAD_FIELDS) {
        $result = $call('crm.lead', 'load', [$LEAD_FIELDS, lead_rows($round)]);
        expect($result['messages'], [], 'messages');
        if ($round == 1) $state['lead_ids'] = $result['ids'];
        expect($result['ids'], $state['lead_ids'], 'ids');
        $rows = $call('crm.lead', 'read', [$result['ids']], ['fields' => ['name', 'expected_revenue']]);
        expect(array_column($rows, 'name'), array_column(lead_rows($round), 1), 'names');
        expect($rows[1]['expected_revenue'], (float) lead_rows($round)[1][3], 'revenue');
        if ($round == 2) $call('crm.lead', 'unlink', [$result['ids']]);
    });
}
try {
    $keys = $call('ir.model', 'search', [[['model', '=', 'res.users.apikeys']]]);
    if (!$keys) {
        echo "skip api_key: the server has no res.users.apikeys\n";
    } else {
        step('api_key', function () use ($common, $models, &$uid, &$state, $DB, $LOGIN, $API_KEY, $COMPANIES) {
            if (!$API_KEY) throw new Exception('res.users.apikeys exists but ERPSERVER_API_KEY is empty');
            expect($common->authenticate($DB, $LOGIN, $API_KEY, []), $uid, 'uid for the key');
            expect($models->execute_kw($DB, $uid, $API_KEY, 'res.partner', 'search_count', [$COMPANIES]),
                   count($state['companies']), 'count with the key');
        });
    }
} catch (Throwable $error) {
    step('api_key', function () use ($error) { throw $error; });
}
step('fault', function () use ($models, &$uid, $DB) {
    try {
        $models->execute_kw($DB, $uid, 'not the password', 'res.partner', 'search', [[]]);
    } catch (Fault $fault) {
        expect($fault->getCode(), 3, 'faultCode');
        return;
    }
    throw new Exception('a wrong password was accepted');
});
step('empty_arrays', function () use ($models, &$uid, $DB, $PASSWORD) {
    // [] is <array> for the kwargs too, and a 6-argument execute_kw has none at all
    expect($models->execute_kw($DB, $uid, $PASSWORD, 'res.partner', 'search_count', [[]], []) > 0, true, 'kwargs []');
    $context = $models->execute_kw($DB, $uid, $PASSWORD, 'res.users', 'context_get', []);
    if (empty($context['lang'])) throw new Exception('context_get has no lang');
});
echo "php xmlrpc: $passed passed, $failed failed\n";
exit($failed ? 1 : 0);
