/**
 * The files of the nginx image's layers: the nginx.org package (binary,
 * /etc/nginx, the welcome page, logs linked to the container's stdout/stderr)
 * and the entrypoint scripts docker-nginx adds.
 *
 * Models: nginxinc/docker-nginx (mainline/debian and mainline/alpine-slim) and
 * the nginx.org packages' default nginx.conf, conf.d/default.conf and html/.
 * SIMPLIFICATIONS: the entrypoint scripts are shortened to what the simulated
 * shell runs (a glob loop instead of find | sort | while read) but print the
 * same log lines and make the same change (10-listen-on-ipv6 rewrites
 * default.conf with a heredoc instead of sed, without the checksum and the
 * /proc/net/if_inet6 checks); 20-envsubst and 30-tune only report, as with no
 * templates and NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE unset.
 */

import type { TreeSpec } from '../../../kernel/fs/tree.ts';
import { blob, dir, exe, link, text } from './common.ts';
// The pages are the ones the userland's nginx serves (one copy of nginx's own text).
import { NGINX_50X_HTML, NGINX_INDEX_HTML } from '../../../userland/services/nginx-files.ts';

export { NGINX_50X_HTML, NGINX_INDEX_HTML };

export const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

/** conf.d/default.conf as the package ships it (10-listen-on-ipv6-by-default.sh adds the [::]:80 line). */
export const NGINX_DEFAULT_CONF = `server {
    listen       80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \\.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \\.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\\.ht {
    #    deny  all;
    #}
}

`;

const MIME_TYPES = `
types {
    text/html                                        html htm shtml;
    text/css                                         css;
    text/xml                                         xml;
    image/gif                                        gif;
    image/jpeg                                       jpeg jpg;
    application/javascript                           js;
    application/atom+xml                             atom;
    application/rss+xml                              rss;

    text/plain                                       txt;
    image/png                                        png;
    image/svg+xml                                    svg svgz;
    image/webp                                       webp;
    image/x-icon                                     ico;
    application/json                                 json;
    application/pdf                                  pdf;
    application/zip                                  zip;
    application/octet-stream                         bin exe dll;
}
`;

export const NGINX_ENTRYPOINT = `#!/bin/sh
# vim:sw=4:ts=4:et

set -e

entrypoint_log() {
    if [ -z "\${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    if [ -n "$(ls -A /docker-entrypoint.d/ 2>/dev/null)" ]; then
        entrypoint_log "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"

        entrypoint_log "$0: Looking for shell scripts in /docker-entrypoint.d/"
        for f in /docker-entrypoint.d/*; do
            case "$f" in
                *.envsh)
                    if [ -x "$f" ]; then
                        entrypoint_log "$0: Sourcing $f";
                        . "$f"
                    else
                        entrypoint_log "$0: Ignoring $f, not executable";
                    fi
                    ;;
                *.sh)
                    if [ -x "$f" ]; then
                        entrypoint_log "$0: Launching $f";
                        "$f"
                    else
                        entrypoint_log "$0: Ignoring $f, not executable";
                    fi
                    ;;
                *) entrypoint_log "$0: Ignoring $f";;
            esac
        done

        entrypoint_log "$0: Configuration complete; ready for start up"
    else
        entrypoint_log "$0: No files found in /docker-entrypoint.d/, skipping configuration"
    fi
fi

exec "$@"
`;

const LISTEN_IPV6 = `#!/bin/sh
# vim:sw=4:ts=4:et

set -e

entrypoint_log() {
    if [ -z "\${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

ME=$(basename "$0")
DEFAULT_CONF_FILE="etc/nginx/conf.d/default.conf"

if [ ! -f "/$DEFAULT_CONF_FILE" ]; then
    entrypoint_log "$ME: info: /$DEFAULT_CONF_FILE is not a file or does not exist"
    exit 0
fi

# check if the file can be modified, e.g. not on a r/o filesystem
touch /$DEFAULT_CONF_FILE 2>/dev/null || { entrypoint_log "$ME: info: can not modify /$DEFAULT_CONF_FILE (read-only file system?)"; exit 0; }

# check if the file is already modified, e.g. on a container restart
grep -q "listen  \\[::]\\:80;" /$DEFAULT_CONF_FILE && { entrypoint_log "$ME: info: IPv6 listen already enabled"; exit 0; }

entrypoint_log "$ME: info: Getting the checksum of /$DEFAULT_CONF_FILE"

# enable ipv6 on default.conf listen sockets (the package's file, plus the [::]:80 line)
cat > /$DEFAULT_CONF_FILE <<'END_OF_CONF'
${NGINX_DEFAULT_CONF.replace('    listen       80;\n', '    listen       80;\n    listen  [::]:80;\n')}END_OF_CONF

entrypoint_log "$ME: info: Enabled listen on IPv6 in /$DEFAULT_CONF_FILE"

exit 0
`;

const LOCAL_RESOLVERS = `#!/bin/sh
# vim:sw=2:ts=2:sts=2:et

set -eu

LC_ALL=C
PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

[ "\${NGINX_ENTRYPOINT_LOCAL_RESOLVERS:-}" ] || return 0

NGINX_LOCAL_RESOLVERS=$(awk 'BEGIN{ORS=" "} $1=="nameserver" {print $2}' /etc/resolv.conf)
export NGINX_LOCAL_RESOLVERS
`;

const ENVSUBST = `#!/bin/sh

set -e

ME=$(basename "$0")

entrypoint_log() {
  if [ -z "\${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
    echo "$@"
  fi
}

template_dir="\${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"

[ -d "$template_dir" ] || return 0 2>/dev/null || exit 0
`;

const TUNE_WORKERS = `#!/bin/sh
# vim:sw=2:ts=2:sts=2:et

set -eu

LC_ALL=C
ME=$(basename "$0")
PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

[ "\${NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE:-}" ] || exit 0

touch /etc/nginx/nginx.conf 2>/dev/null || { echo >&2 "$ME: error: can not modify /etc/nginx/nginx.conf (read-only file system?)"; exit 0; }
`;

/** The nginx package's files, for Debian (`alpine` false) or Alpine. */
export function nginxMain(alpine: boolean, passwd: string, group: string): TreeSpec {
  const spec: TreeSpec = {
    'etc/nginx/nginx.conf': NGINX_CONF,
    'etc/nginx/conf.d/default.conf': NGINX_DEFAULT_CONF,
    'etc/nginx/mime.types': MIME_TYPES,
    'etc/nginx/fastcgi_params': '\nfastcgi_param  QUERY_STRING       $query_string;\nfastcgi_param  REQUEST_METHOD     $request_method;\n',
    'etc/nginx/scgi_params': '\nscgi_param  REQUEST_METHOD     $request_method;\n',
    'etc/nginx/uwsgi_params': '\nuwsgi_param  QUERY_STRING       $query_string;\n',
    'etc/nginx/modules': link('/usr/lib/nginx/modules'),
    'etc/passwd': passwd,
    'etc/group': group,
    'usr/sbin/nginx': exe('nginx', 1_475_864),
    'usr/sbin/nginx-debug': exe('nginx', 1_563_960),
    'usr/lib/nginx/modules': dir(),
    'usr/share/nginx/html/index.html': NGINX_INDEX_HTML,
    'usr/share/nginx/html/50x.html': NGINX_50X_HTML,
    'var/cache/nginx': dir(0o755, alpine ? 101 : 0, 0),
    'var/log/nginx': dir(),
    'var/log/nginx/access.log': link('/dev/stdout'),
    'var/log/nginx/error.log': link('/dev/stderr'),
    'docker-entrypoint.d': dir(),
    'usr/bin/envsubst': exe('envsubst', 35_464),
  };
  if (!alpine) {
    spec['usr/bin/curl'] = exe('curl', 297_736);
    spec['usr/lib/x86_64-linux-gnu/libcurl.so.4'] = blob(720_000);
    spec['usr/share/doc/nginx/copyright'] = text('Copyright (C) 2002-2025 Igor Sysoev\n');
  } else {
    spec['usr/share/zoneinfo/UTC'] = blob(114, 0o644);
    spec['lib/apk/db/installed'] = 'P:alpine-baselayout\nP:busybox\nP:musl\nP:apk-tools\nP:nginx\nP:tzdata\n';
  }
  return spec;
}

export function nginxScriptLayer(which: 'entrypoint' | '10-listen' | '15-resolvers' | '20-envsubst' | '30-tune'): TreeSpec {
  switch (which) {
    case 'entrypoint':
      return { 'docker-entrypoint.sh': text(NGINX_ENTRYPOINT, 0o775) };
    case '10-listen':
      return { 'docker-entrypoint.d/10-listen-on-ipv6-by-default.sh': text(LISTEN_IPV6, 0o775) };
    case '15-resolvers':
      return { 'docker-entrypoint.d/15-local-resolvers.envsh': text(LOCAL_RESOLVERS, 0o775) };
    case '20-envsubst':
      return { 'docker-entrypoint.d/20-envsubst-on-templates.sh': text(ENVSUBST, 0o775) };
    case '30-tune':
      return { 'docker-entrypoint.d/30-tune-worker-processes.sh': text(TUNE_WORKERS, 0o775) };
  }
}

export function nginxNjsLayer(): TreeSpec {
  return {
    'usr/lib/nginx/modules/ngx_http_js_module.so': blob(1_900_000),
    'usr/lib/nginx/modules/ngx_stream_js_module.so': blob(1_880_000),
    'usr/lib/nginx/modules/ngx_http_xslt_filter_module.so': blob(30_000),
    'usr/lib/nginx/modules/ngx_http_image_filter_module.so': blob(32_000),
    'usr/lib/nginx/modules/ngx_http_geoip_module.so': blob(24_000),
    'usr/bin/curl': exe('curl', 264_000),
    'usr/lib/libcurl.so.4': blob(650_000),
  };
}
