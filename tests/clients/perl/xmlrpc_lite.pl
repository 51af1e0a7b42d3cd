#!/usr/bin/perl
# XMLRPC::Lite (SOAP::Lite's XML-RPC side, Debian's libxmlrpc-lite-perl): proxy(...)->call(...),
# ->fault / ->result. It sends any non-ASCII string as <base64> unless the value is typed with
# XMLRPC::Data->type(string => ...), the documented knob the walk-through uses; the last step
# sends the untyped form too.
use strict;
use warnings;
use utf8;
use Encode ();
use FindBin;
use lib $FindBin::Bin;
use XMLRPC::Lite;
use Walk;

my $common = XMLRPC::Lite->proxy("$URL/xmlrpc/2/common");
my $object = XMLRPC::Lite->proxy("$URL/xmlrpc/2/object");

sub result {
    my ($som) = @_;
    die 'fault ' . $som->faultcode . ': ' . $som->faultstring . "\n" if $som->fault;
    return $som->result;
}

my ($uid, $call) = walk(
    version => sub { result($common->call('version'))->{server_version} },
    authenticate => sub { result($common->call('authenticate', $DB, $_[0], $_[1], {})) },
    call => sub {
        my ($uid, $secret, $model, $method, $args, $kwargs) = @_;
        return result($object->call('execute_kw', $DB, $uid, $secret, $model, $method, $args, $kwargs ? $kwargs : ()));
    },
    true => XMLRPC::Data->type(boolean => 1),
    false => XMLRPC::Data->type(boolean => 0),
    string => sub { XMLRPC::Data->type(string => $_[0]) },
);

step('fault', sub {
    my $som = $object->call('execute_kw', $DB, $uid, 'not the password', 'res.partner', 'search', [[]]);
    die "no fault\n" unless $som->fault;
    expect($som->faultcode, 3, 'faultcode');
});
step('base64_text', sub {
    # untyped, text with non-ASCII characters travels as <base64> of its bytes: UTF-8 here,
    # Latin-1 for a Perl string that holds only Latin-1 characters
    my $utf8 = Encode::encode_utf8($NON_ASCII_NAME);
    my $latin1 = "Ærøskøbing $TAG";
    my $id = $call->('res.partner', 'create', [{name => $utf8, city => $latin1}]);
    my $rows = $call->('res.partner', 'read', [[$id]], {fields => [qw(name city)]});
    expect($rows->[0], {id => $id, name => $NON_ASCII_NAME, city => $latin1}, 'read back');
    $call->('res.partner', 'unlink', [[$id]]);
});
finish('XMLRPC::Lite');
