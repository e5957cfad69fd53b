<?php
/**
 * Router for PHP's built-in web server in front of the test WordPress.
 *
 * Apache would use WordPress's .htaccess rewrite rules; the built-in server has none, so this
 * script plays that part: real files (static assets and real .php entry points such as
 * /wp-admin/install.php or /wp-login.php) are served as they are, everything else goes to the
 * front controller index.php, which is what makes pretty permalinks, /wp-json/... and /feed/ work.
 */

$root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');

// Refuse path traversal before touching the file system.
if (strpos($path, '..') !== false) {
    http_response_code(400);
    return true;
}

$file = $root . $path;
if (is_file($file)) {
    // false = "serve it yourself": the built-in server sends static files and executes .php files.
    return false;
}
if (is_dir($file) && is_file(rtrim($file, '/') . '/index.php')) {
    // Directories such as /wp-admin/ have their own index.php.
    return false;
}

// Make WordPress believe it was reached through index.php, as with Apache's rewrite rules.
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
chdir($root);
require $root . '/index.php';
