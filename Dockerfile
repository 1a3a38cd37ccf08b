# One image for web and worker. Build: docker build -t fazhi .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

RUN useradd --create-home --uid 10001 fazhi
COPY --chown=fazhi:fazhi . .
USER fazhi

# The word segmenter's dictionary, built once into the image: every process maps it at start-up
ENV FAZHI_CACHE_DIR=/app/.cache
RUN mkdir -p /app/.cache && python -c "from knowledge.text import tokenizer; tokenizer()" \
    && rm -f /app/.cache/jieba.cache  # jieba's 9 MB parse of its dict, needed only to rebuild

ENV PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import os,urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT','8000'), timeout=4); sys.exit(0)"

# Web by default; the worker runs the same image with: python worker.py
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
