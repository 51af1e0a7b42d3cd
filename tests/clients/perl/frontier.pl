#!/usr/bin/perl
# Frontier::Client (Debian's libfrontier-rpc-perl): $server->call; booleans and strings typed
# with the client's own $server->boolean / $server->string; faults die with the fault text.
# Non-ASCII text goes out as character references (&#246;).
# Its reply parser knows no <nil/> nor <i8>: the server must send neither.
use strict;
use warnings;
use utf8;
use FindBin;
use lib $FindBin::Bin;
use Frontier::Client;
use Walk;

my $common = Frontier::Client->new(url => "$URL/xmlrpc/2/common");
my $object = Frontier::Client->new(url => "$URL/xmlrpc/2/object");

my ($uid, $call) = walk(
    version => sub { $common->call('version')->{server_version} },
    authenticate => sub { $common->call('authenticate', $DB, $_[0], $_[1], {}) },
    call => sub {
        my ($uid, $secret, $model, $method, $args, $kwargs) = @_;
        return $object->call('execute_kw', $DB, $uid, $secret, $model, $method, $args, $kwargs ? $kwargs : ());
    },
    true => $object->boolean(1),
    false => $object->boolean(0),
    # string() for what would pass for a number; other text goes plain, which Frontier sends with
    # every non-ASCII character as a character reference (its typed strings are sent raw, and
    # HTTP::Message refuses wide characters)
    string => sub { $_[0] =~ /^[+-]?[\d.]+$/ ? $object->string($_[0]) : $_[0] },
);

step('fault', sub {
    my $result = eval { $object->call('execute_kw', $DB, $uid, 'not the password', 'res.partner', 'search', [[]]) };
    die "no fault\n" unless $@;
    die "not AccessDenied: $@\n" unless $@ =~ /Fault returned from XML RPC Server, fault code 3:/;
});
step('boolean_objects', sub {
    # booleans come back as Frontier::RPC2::Boolean objects
    my $answer = $call->('res.partner', 'check_access_rights', ['unlink'], {raise_exception => $object->boolean(0)});
    die "not a Frontier boolean: " . ref($answer) . "\n" unless ref $answer eq 'Frontier::RPC2::Boolean';
    expect($answer->value, 1, 'value');
    my $rows = $call->('res.partner', 'search_read', [[['id', '=', 0]]], {fields => ['name']});
    expect($rows, [], 'empty search_read');
});
finish('Frontier::Client');
