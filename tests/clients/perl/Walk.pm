# What the three Perl client scripts share: the server, the walk-through's data, and the step
# runner (one line per step, then the total). Contract: tests/clients/README.md.
package Walk;
use strict;
use warnings;
use utf8;
use JSON::PP ();
use Exporter 'import';

our @EXPORT = qw($URL $DB $LOGIN $PASSWORD $API_KEY $TAG @COMPANIES @READ_FIELDS $PARTNER_NAME
                 $NON_ASCII_NAME $X_MODEL @LEAD_FIELDS @LEAD_XIDS lead_rows step skip expect finish same walk);

binmode STDOUT, ':encoding(UTF-8)';
$| = 1;

our $URL = $ENV{ERPSERVER_URL} // 'http://127.0.0.1:8069';
our $DB = $ENV{ERPSERVER_DB} // 'demo';
our $LOGIN = $ENV{ERPSERVER_LOGIN} // 'admin';
our $PASSWORD = $ENV{ERPSERVER_PASSWORD} // 'admin';
our $API_KEY = $ENV{ERPSERVER_API_KEY} // '';
our $TAG = $ENV{ERPSERVER_TAG} // 'pl';

our @COMPANIES = (['is_company', '=', 1]);
our @READ_FIELDS = qw(name country_id comment);
our $PARTNER_NAME = "Walk-through partner $TAG";
our $NON_ASCII_NAME = "Zoë Ærøskøbing — Łódź 東京 $TAG";
our $X_MODEL = "x_walk_$TAG";
our @LEAD_FIELDS = qw(id name email_from expected_revenue country_id);
our @LEAD_XIDS = ("__import__.walk_${TAG}_1", "__import__.walk_${TAG}_2");

sub lead_rows {
    my ($round) = @_;
    return [[$LEAD_XIDS[0], "Lead one $TAG r$round", 'one@example.com', 1000 * $round, 'Belgium'],
            [$LEAD_XIDS[1], "Lead two $TAG r$round", 'two@example.com', (2000 * $round) . '.5', 'France']];
}

my ($passed, $failed) = (0, 0);
my $json = JSON::PP->new->canonical->allow_nonref->allow_blessed->convert_blessed;

sub step {
    my ($name, $code) = @_;
    my @result = eval { $code->() };
    if (my $error = $@) {
        $failed++;
        $error = "$error";
        $error =~ s/\s+/ /g;
        print "FAIL $name: ", substr($error, 0, 500), "\n";
        return;
    }
    $passed++;
    print "ok $name\n";
    return wantarray ? @result : $result[0];
}

sub skip { my ($name, $reason) = @_; print "skip $name: $reason\n"; }

# Plain data compared through canonical JSON (a number and its string compare equal).
sub same {
    my ($actual, $expected) = @_;
    return $json->encode(_plain($actual)) eq $json->encode(_plain($expected));
}

sub _plain {
    my ($value) = @_;
    return [map { _plain($_) } @$value] if ref $value eq 'ARRAY';
    return { map { ($_ => _plain($value->{$_})) } keys %$value } if ref $value eq 'HASH';
    return $value->value ? '1' : '0' if ref($value) && eval { $value->can('value') };
    return defined $value ? "$value" : undef;
}

sub expect {
    my ($actual, $expected, $what) = @_;
    return if same($actual, $expected);
    die(($what // 'value') . ': expected ' . $json->encode(_plain($expected)) . ', got ' . $json->encode(_plain($actual)) . "\n");
}

sub finish {
    my ($client) = @_;
    print "$client: $passed passed, $failed failed\n";
    exit($failed ? 1 : 0);
}

# The published walk-through over raw execute_kw, the same for the three Perl clients; what
# differs is how each makes a call and types a value, given by the script:
#   version => sub { server_version }, authenticate => sub { ($login, $secret) -> uid },
#   call => sub { ($uid, $secret, $model, $method, \@args, \%kwargs or undef) -> result },
#   true / false => the client's booleans, string => a value typed as a string.
sub walk {
    my (%client) = @_;
    my ($uid, %state);
    my $call = sub { $client{call}->($uid, $PASSWORD, @_) };
    my @companies = ([['is_company', '=', $client{true}]]);
    step('version', sub { expect($client{version}->(), '17.0', 'server_version') });
    step('authenticate', sub {
        $uid = $client{authenticate}->($LOGIN, $PASSWORD);
        die "authenticate gave " . ($uid // 'undef') . "\n" unless $uid && $uid =~ /^\d+$/;
    });
    step('check_access_rights', sub {
        expect($call->('res.partner', 'check_access_rights', ['read'], {raise_exception => $client{false}}), 1);
    });
    step('search', sub {
        $state{companies} = $call->('res.partner', 'search', [@companies]);
        die "search found nothing\n" unless @{$state{companies}};
    });
    step('search_offset_limit', sub {
        expect($call->('res.partner', 'search', [@companies], {offset => 10, limit => 5}),
               [@{$state{companies}}[10 .. 14]], 'page');
    });
    step('search_count', sub {
        expect($call->('res.partner', 'search_count', [@companies]), scalar @{$state{companies}});
    });
    step('read_fields', sub {
        my $rows = $call->('res.partner', 'read', [[$state{companies}[0]]], {fields => [@READ_FIELDS]});
        expect([sort keys %{$rows->[0]}], [sort('id', @READ_FIELDS)], 'keys');
    });
    step('fields_get_attributes', sub {
        my $description = $call->('res.partner', 'fields_get', [], {attributes => [qw(string help type)]});
        expect($description->{name}, {string => 'Name', type => 'char'}, 'name field');
    });
    step('search_read', sub {
        my $rows = $call->('res.partner', 'search_read', [@companies], {fields => [@READ_FIELDS], limit => 5});
        expect(scalar @$rows, 5, 'rows');
        expect([sort keys %{$rows->[0]}], [sort('id', @READ_FIELDS)], 'keys');
    });
    step('create', sub {
        $state{id} = $call->('res.partner', 'create', [{name => $client{string}->($PARTNER_NAME)}]);
        die "create gave no id\n" unless $state{id} && $state{id} =~ /^\d+$/;
    });
    step('write_non_ascii', sub {
        expect($call->('res.partner', 'write', [[$state{id}], {name => $client{string}->($NON_ASCII_NAME)}]), 1);
        my $rows = $call->('res.partner', 'read', [[$state{id}]], {fields => ['name']});
        expect($rows->[0]{name}, $NON_ASCII_NAME, 'name read back');
    });
    step('display_name', sub {
        my $rows = $call->('res.partner', 'read', [[$state{id}]], {fields => ['display_name']});
        expect($rows->[0]{display_name}, $NON_ASCII_NAME, 'display_name');
        expect($call->('res.partner', 'name_get', [[$state{id}]]), [[$state{id}, $NON_ASCII_NAME]], 'name_get');
    });
    step('unlink', sub { expect($call->('res.partner', 'unlink', [[$state{id}]]), 1) });
    step('unlink_gone', sub { expect($call->('res.partner', 'search', [[['id', '=', $state{id}]]]), []) });
    step('x_model_create', sub {
        $state{model_id} = $call->('ir.model', 'create', [{name => 'Walk-through model', model => $X_MODEL,
                                                          state => 'manual'}]);
    });
    step('x_fields_create', sub {
        $call->('ir.model.fields', 'create', [{model_id => $state{model_id}, name => 'x_name', ttype => 'char',
                                               state => 'manual', required => $client{true}}]);
        $call->('ir.model.fields', 'create', [{model_id => $state{model_id}, name => 'x_quantity',
                                               ttype => 'integer', state => 'manual'}]);
        expect($call->($X_MODEL, 'fields_get', [['x_name']], {attributes => ['type']}), {x_name => {type => 'char'}});
    });
    step('x_record', sub {
        my $id = $call->($X_MODEL, 'create', [{x_name => $client{string}->('Ça marche'), x_quantity => 3}]);
        my $rows = $call->($X_MODEL, 'read', [[$id]], {fields => [qw(x_name x_quantity display_name)]});
        expect($rows->[0], {id => $id, x_name => 'Ça marche', x_quantity => 3, display_name => 'Ça marche'}, 'record');
        expect($call->($X_MODEL, 'search', [[['x_quantity', '>', 2]]]), [$id], 'search');
    });
    step('x_model_drop', sub {
        expect($call->('ir.model', 'unlink', [[$state{model_id}]]), 1);
        expect($call->('ir.model', 'search', [[['model', '=', $X_MODEL]]]), [], 'ir.model after unlink');
    });
    for my $round (1, 2) {
        step($round == 1 ? 'load_create' : 'load_update', sub {
            my $rows = lead_rows($round);
            my $typed = [map { [map { $client{string}->($_) } @$_] } @$rows];
            my $result = $call->('crm.lead', 'load', [[@LEAD_FIELDS], $typed]);
            expect($result->{messages}, [], 'messages');
            $state{lead_ids} = $result->{ids} if $round == 1;
            expect($result->{ids}, $state{lead_ids}, 'ids');
            my $read = $call->('crm.lead', 'read', [$result->{ids}], {fields => [qw(name expected_revenue)]});
            expect([map { $_->{name} } @$read], [map { $_->[1] } @$rows], 'names');
            expect($read->[1]{expected_revenue}, $rows->[1][3], 'revenue');
            $call->('crm.lead', 'unlink', [$result->{ids}]) if $round == 2;
        });
    }
    my $keys = eval { $call->('ir.model', 'search', [[['model', '=', 'res.users.apikeys']]]) };
    if (!$keys) {
        my $error = $@;
        step('api_key', sub { die "asking for res.users.apikeys: $error" });
    } elsif (!@$keys) {
        skip('api_key', 'the server has no res.users.apikeys');
    } else {
        step('api_key', sub {
            die "res.users.apikeys exists but ERPSERVER_API_KEY is empty\n" unless $API_KEY;
            expect($client{authenticate}->($LOGIN, $API_KEY), $uid, 'uid for the key');
            expect($client{call}->($uid, $API_KEY, 'res.partner', 'search_count', [@companies]),
                   scalar @{$state{companies}}, 'count with the key');
        });
    }
    return ($uid, $call);
}

1;
