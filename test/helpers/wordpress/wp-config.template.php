<?php
/**
 * wp-config.php for one throwaway test WordPress (written by test/helpers/wordpress.ts).
 *
 * Debian's own wp-config.php insists on /etc/wordpress/config-<host>.php; the helper copies
 * /usr/share/wordpress into a temp dir and puts this file there instead, so nothing outside the
 * temp dir is read or written. Each quoted __PLACEHOLDER__ is replaced by a PHP string literal.
 */

define('DB_NAME', '__DB_NAME__');
define('DB_USER', '__DB_USER__');
define('DB_PASSWORD', '__DB_PASSWORD__');
// "localhost:<path>" makes mysqli use the Unix socket of the private MariaDB (no TCP port at all).
define('DB_HOST', '__DB_HOST__');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');

// Fresh random salts per site: cookies and nonces of one test run never validate in another.
define('AUTH_KEY', '__AUTH_KEY__');
define('SECURE_AUTH_KEY', '__SECURE_AUTH_KEY__');
define('LOGGED_IN_KEY', '__LOGGED_IN_KEY__');
define('NONCE_KEY', '__NONCE_KEY__');
define('AUTH_SALT', '__AUTH_SALT__');
define('SECURE_AUTH_SALT', '__SECURE_AUTH_SALT__');
define('LOGGED_IN_SALT', '__LOGGED_IN_SALT__');
define('NONCE_SALT', '__NONCE_SALT__');

$table_prefix = 'wp_';

// The site lives at the loopback port PHP's server was given; links and REST URLs use it.
define('WP_HOME', '__SITE_URL__');
define('WP_SITEURL', '__SITE_URL__');

// Application passwords need HTTPS unless the environment type is 'local'.
define('WP_ENVIRONMENT_TYPE', 'local');
// No background requests to wp-cron.php racing the test's own requests.
define('DISABLE_WP_CRON', true);
// Tests run without internet: fail outgoing HTTP (update checks, oEmbed, pingbacks) at once
// instead of waiting for timeouts; loopback stays allowed.
define('WP_HTTP_BLOCK_EXTERNAL', true);
// No plugin/theme installs or core updates from inside the test site.
define('DISALLOW_FILE_MODS', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);

if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}

require_once ABSPATH . 'wp-settings.php';
