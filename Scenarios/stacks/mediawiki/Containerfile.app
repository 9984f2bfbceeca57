# The app container of the app layout: php-fpm with MediaWiki, talking to the container named `db`.
FROM cbench-mediawiki/base:bookworm
COPY files/install-packages files/no-httpd /usr/local/sbin/
RUN no-httpd && install-packages php-fpm php-apcu php-intl php-mbstring php-xml php-mysql mediawiki \
    && sed -i 's|^listen = .*|listen = 9000|' /etc/php/8.2/fpm/pool.d/www.conf \
    && sed -i 's|^error_log = .*|error_log = /proc/self/fd/2|' /etc/php/8.2/fpm/php-fpm.conf \
    && install -d /run/php
COPY --from=cbench-mediawiki/system:1 /etc/mediawiki/LocalSettings.php /etc/mediawiki/LocalSettings.php
RUN sed -i 's|^\$wgDBserver = "localhost";$|$wgDBserver = "db";|' /etc/mediawiki/LocalSettings.php \
    && grep -q '^\$wgDBserver = "db";$' /etc/mediawiki/LocalSettings.php
EXPOSE 9000
CMD ["php-fpm8.2", "--nodaemonize", "--force-stderr"]
