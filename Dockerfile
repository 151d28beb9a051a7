# The stand-in as a container: gunicorn over the project, its database named by DATABASE_URL
# (compose.yaml runs it beside PostgreSQL). Build: docker build -t openloyalty-standin .
FROM python:3.11-slim

WORKDIR /srv/openloyalty-standin
COPY setup.cfg pyproject.toml README.md wsgi.py ./
COPY app app
COPY schemas schemas
COPY seeds seeds
COPY .ci/container-entry .ci/container-entry
RUN pip install --no-cache-dir . \
    && useradd --system --home-dir /srv/openloyalty-standin standin \
    && mkdir instance && chown standin instance
USER standin

ENV PORT=8181 \
    WEB_CONCURRENCY=4 \
    OL_INSTANCE_PATH=/srv/openloyalty-standin/instance
EXPOSE 8181
ENTRYPOINT ["sh", ".ci/container-entry"]
