FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY erpserver ./erpserver
RUN pip install --no-cache-dir -e .
ENV ERPSERVER_DATA_DIR=/data ERPSERVER_BIND=0.0.0.0:8069
VOLUME /data
EXPOSE 8069
CMD ["erpserver", "serve"]
