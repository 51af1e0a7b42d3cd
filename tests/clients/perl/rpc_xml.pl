#!/usr/bin/perl
# RPC::XML::Client (Debian's librpc-xml-perl): send_request, values typed with RPC::XML's own
# classes where Perl cannot say (booleans, digit-only strings). $RPC::XML::ENCODING is left at
# its default, so the XML says us-ascii while the bytes are UTF-8, as most scripts send it.
use strict;
use warnings;
use utf8;
use FindBin;
use lib $FindBin::Bin;
use RPC::XML;
use RPC::XML::Client;
use Walk;

my $common = RPC::XML::Client->new("$URL/xmlrpc/2/common");
my $object = RPC::XML::Client->new("$URL/xmlrpc/2/object");

sub request {
    my ($client, @args) = @_;
    my $response = $client->send_request(@args);
    die "transport: $response\n" unless ref $response;
    die "fault $response->{faultCode}: $response->{faultString}\n" if $response->is_fault;
    return $response->value;
}

my ($uid, $call) = walk(
    version => sub { request($common, 'version')->{server_version} },
    authenticate => sub { request($common, 'authenticate', $DB, $_[0], $_[1], {}) },
    call => sub {
        my ($uid, $secret, $model, $method, $args, $kwargs) = @_;
        return request($object, 'execute_kw', $DB, $uid, $secret, $model, $method, $args, $kwargs ? $kwargs : ());
    },
    true => RPC::XML::boolean->new(1),
    false => RPC::XML::boolean->new(0),
    string => sub { RPC::XML::string->new($_[0]) },
);

step('fault', sub {
    my $response = $object->send_request('execute_kw', $DB, $uid, 'not the password', 'res.partner', 'search', [[]]);
    die "no fault\n" unless ref $response && $response->is_fault;
    expect($response->code, 3, 'faultCode');
});
step('digit_strings', sub {
    # RPC::XML sends a digit-only Perl string as <int>: typed, it stays a string (leading zero kept);
    # untyped, a char field still takes the int as its text.
    my $id = $call->('res.partner', 'create', [{name => "Digits $TAG", phone => RPC::XML::string->new('0471123456'),
                                                ref => '12345'}]);
    my $rows = $call->('res.partner', 'read', [[$id]], {fields => [qw(phone ref)]});
    expect($rows->[0], {id => $id, phone => '0471123456', ref => '12345'}, 'phone and ref');
    $call->('res.partner', 'unlink', [[$id]]);
});
step('simple_request', sub {
    expect($common->simple_request('version')->{server_version}, '17.0', 'simple_request');
});
finish('RPC::XML');
