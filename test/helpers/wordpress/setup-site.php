<?php
/**
 * Finishes a freshly installed test WordPress from the command line (run by
 * test/helpers/wordpress.ts after the installer form was posted).
 *
 * Usage: php setup-site.php <document-root> <json-request>
 *   request: {"host": "127.0.0.1:PORT", "admin": "admin",
 *             "users": [{"login": "...", "email": "...", "role": "editor", "password": "..."}],
 *             "appName": "..."}
 * Prints one JSON line: {"credentials": {"<login>": {"userId", "uuid", "password"}}}.
 *
 * wp-cli is not packaged in Debian 12, so this loads wp-load.php itself and calls the same APIs the
 * admin screens use.
 */

if ($argc !== 3) {
    fwrite(STDERR, "usage: php setup-site.php <document-root> <json-request>\n");
    exit(2);
}
$root = rtrim($argv[1], '/');
$request = json_decode($argv[2], true, 16, JSON_THROW_ON_ERROR);

// WordPress reads these while booting even outside a web request.
$_SERVER['HTTP_HOST'] = $request['host'];
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

require $root . '/wp-load.php';

function fail(string $message): void {
    fwrite(STDERR, $message . "\n");
    exit(1);
}

// Pretty permalinks: without them there is no /wp-json/ or /feed/ (only ?rest_route= and ?feed=).
// A soft flush only drops the cached rules; the next request rebuilds them. Nothing needs an
// .htaccess because router.php sends every unknown path to index.php.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
$wp_rewrite->flush_rules(false);

$logins = [];
$admin = get_user_by('login', $request['admin']);
if (!$admin) {
    fail('the installer did not create the administrator ' . $request['admin']);
}
$logins[$request['admin']] = $admin->ID;

foreach ($request['users'] as $user) {
    $id = wp_insert_user([
        'user_login' => $user['login'],
        'user_pass' => $user['password'],
        'user_email' => $user['email'],
        'display_name' => $user['login'],
        'role' => $user['role'],
    ]);
    if (is_wp_error($id)) {
        fail('creating user ' . $user['login'] . ': ' . $id->get_error_message());
    }
    $logins[$user['login']] = $id;
}

$credentials = [];
foreach ($logins as $login => $id) {
    // One application password per user, named like the integration a newsroom would set up.
    $created = WP_Application_Passwords::create_new_application_password(
        $id,
        ['name' => $request['appName'] . ' (' . $login . ')']
    );
    if (is_wp_error($created)) {
        fail('creating application password for ' . $login . ': ' . $created->get_error_message());
    }
    [$password, $item] = $created;
    $credentials[$login] = ['userId' => $id, 'uuid' => $item['uuid'], 'password' => $password];
}

echo json_encode(['credentials' => $credentials], JSON_THROW_ON_ERROR), "\n";
