/*
 * Plain single-threaded C forward pass of a llama2.c v0 checkpoint (the reference figure of the
 * `pretrained` bench; written for the studio after llama2.c's run.c, same arithmetic: float32,
 * interleaved RoPE pairs, grouped-query attention, SwiGLU).
 *
 *   llama_ref MODEL.bin STEPS          greedy from BOS for STEPS positions; prints
 *                                      "tokens_per_sec <x>" and "ids <id> <id> ..."
 *   llama_ref MODEL.bin --logits IDS   prints the logits of every position, one line each
 *
 * Build: gcc -O3 -march=native -o llama_ref llama_ref.c -lm
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { int dim, hidden, layers, heads, kv_heads, vocab, seq; } Config;
typedef struct {
  float *emb, *rms_att, *wq, *wk, *wv, *wo, *rms_ffn, *w1, *w2, *w3, *rms_final, *wcls;
} Weights;
typedef struct { float *x, *xb, *xb2, *hb, *hb2, *q, *att, *logits, *kcache, *vcache; } State;

static void matvec(float *out, const float *x, const float *w, int n, int d) {
  for (int i = 0; i < d; i++) {
    float v = 0.0f;
    const float *row = w + (size_t)i * n;
    for (int j = 0; j < n; j++) v += row[j] * x[j];
    out[i] = v;
  }
}

static void rmsnorm(float *o, const float *x, const float *w, int n) {
  float ss = 0.0f;
  for (int i = 0; i < n; i++) ss += x[i] * x[i];
  ss = 1.0f / sqrtf(ss / n + 1e-5f);
  for (int i = 0; i < n; i++) o[i] = w[i] * (ss * x[i]);
}

static void softmax(float *x, int n) {
  float max = x[0], sum = 0.0f;
  for (int i = 1; i < n; i++) if (x[i] > max) max = x[i];
  for (int i = 0; i < n; i++) { x[i] = expf(x[i] - max); sum += x[i]; }
  for (int i = 0; i < n; i++) x[i] /= sum;
}

static float *forward(const Config *c, const Weights *w, State *s, int token, int pos) {
  int dim = c->dim, hs = dim / c->heads, kv_dim = hs * c->kv_heads, rep = c->heads / c->kv_heads;
  memcpy(s->x, w->emb + (size_t)token * dim, dim * sizeof(float));
  for (int l = 0; l < c->layers; l++) {
    rmsnorm(s->xb, s->x, w->rms_att + l * dim, dim);
    size_t off = (size_t)l * c->seq * kv_dim;
    float *k = s->kcache + off + (size_t)pos * kv_dim, *v = s->vcache + off + (size_t)pos * kv_dim;
    matvec(s->q, s->xb, w->wq + (size_t)l * dim * dim, dim, dim);
    matvec(k, s->xb, w->wk + (size_t)l * kv_dim * dim, dim, kv_dim);
    matvec(v, s->xb, w->wv + (size_t)l * kv_dim * dim, dim, kv_dim);
    for (int i = 0; i < dim; i += 2) {
      float freq = 1.0f / powf(10000.0f, (float)(i % hs) / (float)hs);
      float fcr = cosf(pos * freq), fci = sinf(pos * freq);
      for (int r = 0; r < (i < kv_dim ? 2 : 1); r++) {
        float *vec = r == 0 ? s->q : k;
        float a = vec[i], b = vec[i + 1];
        vec[i] = a * fcr - b * fci;
        vec[i + 1] = a * fci + b * fcr;
      }
    }
    for (int h = 0; h < c->heads; h++) {
      float *q = s->q + h * hs, *att = s->att + (size_t)h * c->seq;
      for (int t = 0; t <= pos; t++) {
        const float *kt = s->kcache + off + (size_t)t * kv_dim + (h / rep) * hs;
        float score = 0.0f;
        for (int i = 0; i < hs; i++) score += q[i] * kt[i];
        att[t] = score / sqrtf((float)hs);
      }
      softmax(att, pos + 1);
      float *xb = s->xb + h * hs;
      memset(xb, 0, hs * sizeof(float));
      for (int t = 0; t <= pos; t++) {
        const float *vt = s->vcache + off + (size_t)t * kv_dim + (h / rep) * hs;
        for (int i = 0; i < hs; i++) xb[i] += att[t] * vt[i];
      }
    }
    matvec(s->xb2, s->xb, w->wo + (size_t)l * dim * dim, dim, dim);
    for (int i = 0; i < dim; i++) s->x[i] += s->xb2[i];
    rmsnorm(s->xb, s->x, w->rms_ffn + l * dim, dim);
    matvec(s->hb, s->xb, w->w1 + (size_t)l * dim * c->hidden, dim, c->hidden);
    matvec(s->hb2, s->xb, w->w3 + (size_t)l * dim * c->hidden, dim, c->hidden);
    for (int i = 0; i < c->hidden; i++) {
      float g = s->hb[i];
      s->hb[i] = g * (1.0f / (1.0f + expf(-g))) * s->hb2[i];
    }
    matvec(s->xb, s->hb, w->w2 + (size_t)l * c->hidden * dim, c->hidden, dim);
    for (int i = 0; i < dim; i++) s->x[i] += s->xb[i];
  }
  rmsnorm(s->x, s->x, w->rms_final, dim);
  matvec(s->logits, s->x, w->wcls, dim, c->vocab);
  return s->logits;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: %s MODEL.bin STEPS | --logits IDS...\n", argv[0]); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  Config c;
  if (fread(&c, sizeof(int), 7, f) != 7) { fprintf(stderr, "short header\n"); return 1; }
  int shared = c.vocab > 0;
  c.vocab = abs(c.vocab);
  fseek(f, 0, SEEK_END);
  long size = ftell(f) - 28;
  fseek(f, 28, SEEK_SET);
  float *data = malloc(size);
  if (fread(data, 1, size, f) != (size_t)size) { fprintf(stderr, "short file\n"); return 1; }
  fclose(f);
  int dim = c.dim, hs = dim / c.heads, kv_dim = hs * c.kv_heads, L = c.layers;
  Weights w;
  float *p = data;
  w.emb = p; p += (size_t)c.vocab * dim;
  w.rms_att = p; p += L * dim;
  w.wq = p; p += (size_t)L * dim * dim;
  w.wk = p; p += (size_t)L * dim * kv_dim;
  w.wv = p; p += (size_t)L * dim * kv_dim;
  w.wo = p; p += (size_t)L * dim * dim;
  w.rms_ffn = p; p += L * dim;
  w.w1 = p; p += (size_t)L * dim * c.hidden;
  w.w2 = p; p += (size_t)L * c.hidden * dim;
  w.w3 = p; p += (size_t)L * dim * c.hidden;
  w.rms_final = p; p += dim;
  p += (size_t)c.seq * hs; /* the legacy freq_cis_real and freq_cis_imag tables (seq × hs/2 each) */
  w.wcls = shared ? w.emb : p;
  State s;
  s.x = calloc(dim, 4); s.xb = calloc(dim, 4); s.xb2 = calloc(dim, 4); s.q = calloc(dim, 4);
  s.hb = calloc(c.hidden, 4); s.hb2 = calloc(c.hidden, 4); s.att = calloc((size_t)c.heads * c.seq, 4);
  s.logits = calloc(c.vocab, 4);
  s.kcache = calloc((size_t)L * c.seq * kv_dim, 4); s.vcache = calloc((size_t)L * c.seq * kv_dim, 4);
  if (strcmp(argv[2], "--logits") == 0) {
    for (int a = 3; a < argc; a++) {
      float *lg = forward(&c, &w, &s, atoi(argv[a]), a - 3);
      for (int i = 0; i < c.vocab; i++) printf(i ? " %.7g" : "%.7g", lg[i]);
      printf("\n");
    }
    return 0;
  }
  int steps = atoi(argv[2]);
  if (steps > c.seq) steps = c.seq;
  int *ids = malloc(steps * sizeof(int));
  int token = 1, n = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int pos = 0; pos < steps; pos++) {
    float *lg = forward(&c, &w, &s, token, pos);
    int best = 0;
    for (int i = 1; i < c.vocab; i++) if (lg[i] > lg[best]) best = i;
    ids[n++] = best;
    token = best;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double sec = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("tokens_per_sec %.1f\nids", n / sec);
  for (int i = 0; i < n; i++) printf(" %d", ids[i]);
  printf("\n");
  return 0;
}
