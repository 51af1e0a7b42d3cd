FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

# A regular (not editable) install: the sources are not needed afterwards.
COPY pyproject.toml README.md LICENSE /src/
COPY erpserver /src/erpserver
RUN pip install --no-cache-dir /src \
    && rm -rf /src \
    && useradd --system --user-group --uid 1000 --home-dir /data --shell /usr/sbin/nologin erpserver \
    && mkdir -p /data \
    && chown erpserver:erpserver /data
COPY docker/entrypoint.sh /usr/local/bin/erpserver-entrypoint

# SQLite databases in the /data volume; or set ERPSERVER_DB_URL=postgresql://user:pw@host:5432.
# On its first start the container creates the database ERPSERVER_DB_NAME (default: erpserver)
# and prints its generated administrator password once (see docker/entrypoint.sh).
ENV ERPSERVER_DATA_DIR=/data ERPSERVER_BIND=0.0.0.0:8069
USER erpserver
WORKDIR /data
VOLUME /data
EXPOSE 8069
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["python", "-c", "import os, urllib.request; port = os.environ.get('ERPSERVER_BIND', ':8069').rpartition(':')[2]; urllib.request.urlopen(f'http://127.0.0.1:{port}/health', timeout=4)"]
ENTRYPOINT ["erpserver-entrypoint"]
CMD ["erpserver", "serve"]
