/* UART <-> pseudo-terminal bridge for simavr. Unlike libsimavrparts' uart_pty (512-byte FIFO, blocking writes,
 * fixed /tmp/simavr-uart0 link) it buffers 1 MiB of output, never blocks the simulation, counts drops and links
 * the pty wherever the caller asks, so several harnesses can run side by side. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "avr_uart.h"
#include "sim_cycle_timers.h"
#include "pty_bridge.h"

#define OUT_SIZE (1u << 20)
#define IN_SIZE 4096u

static avr_t *b_avr;
static avr_irq_t *b_in_irq;
static int b_master = -1, b_slave = -1;
static char b_name[128];
static uint8_t out_buf[OUT_SIZE];
static _Atomic uint32_t out_w, out_r;   /* sim thread writes out_w, bridge thread out_r */
static uint8_t in_buf[IN_SIZE];
static _Atomic uint32_t in_w, in_r;     /* bridge thread writes in_w, sim thread in_r */
static _Atomic uint64_t drops;
static int xon;

static void avr_sent(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq; (void)param;
  uint32_t w = atomic_load_explicit(&out_w, memory_order_relaxed);
  if (w - atomic_load_explicit(&out_r, memory_order_acquire) >= OUT_SIZE) { atomic_fetch_add(&drops, 1); return; }
  out_buf[w % OUT_SIZE] = (uint8_t)value;
  atomic_store_explicit(&out_w, w + 1, memory_order_release);
}

/* Feeds waiting host bytes to the AVR UART while it says it has room (xon). */
static void feed(void) {
  while (xon) {
    uint32_t r = atomic_load_explicit(&in_r, memory_order_relaxed);
    if (r == atomic_load_explicit(&in_w, memory_order_acquire)) break;
    uint8_t c = in_buf[r % IN_SIZE];
    atomic_store_explicit(&in_r, r + 1, memory_order_release);
    avr_raise_irq(b_in_irq, c);
  }
}

static avr_cycle_count_t feed_timer(avr_t *avr, avr_cycle_count_t when, void *param) {
  (void)avr; (void)param;
  feed();
  return when + b_avr->frequency / 2000; /* every 0.5 ms of simulated time */
}

static void xon_hook(struct avr_irq_t *irq, uint32_t value, void *param) { (void)irq; (void)param; if (value) { xon = 1; feed(); } }
static void xoff_hook(struct avr_irq_t *irq, uint32_t value, void *param) { (void)irq; (void)param; if (value) xon = 0; }

static void *bridge_thread(void *arg) {
  (void)arg;
  for (;;) {
    uint32_t r = atomic_load_explicit(&out_r, memory_order_relaxed);
    uint32_t w = atomic_load_explicit(&out_w, memory_order_acquire);
    struct pollfd p = { .fd = b_master, .events = POLLIN | (w != r ? POLLOUT : 0) };
    int n = poll(&p, 1, 1);
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    if ((p.revents & POLLOUT) && w != r) {
      uint32_t start = r % OUT_SIZE;
      uint32_t len = w - r;
      if (len > OUT_SIZE - start) len = OUT_SIZE - start;
      ssize_t k = write(b_master, out_buf + start, len);
      if (k > 0) atomic_store_explicit(&out_r, r + (uint32_t)k, memory_order_release);
    }
    if (p.revents & POLLIN) {
      uint8_t tmp[256];
      uint32_t iw = atomic_load_explicit(&in_w, memory_order_relaxed);
      uint32_t room = IN_SIZE - (iw - atomic_load_explicit(&in_r, memory_order_acquire));
      if (room == 0) { usleep(1000); continue; }
      ssize_t k = read(b_master, tmp, room < sizeof tmp ? room : sizeof tmp);
      for (ssize_t i = 0; i < k; i++) in_buf[(iw + (uint32_t)i) % IN_SIZE] = tmp[i];
      if (k > 0) atomic_store_explicit(&in_w, iw + (uint32_t)k, memory_order_release);
    }
  }
  return NULL;
}

int pty_bridge_start(avr_t *avr, char uart, const char *link_path) {
  b_avr = avr;
  if (openpty(&b_master, &b_slave, b_name, NULL, NULL) < 0) { perror("openpty"); return -1; }
  struct termios tio;
  tcgetattr(b_slave, &tio);
  cfmakeraw(&tio);
  tcsetattr(b_slave, TCSANOW, &tio);
  fcntl(b_master, F_SETFL, fcntl(b_master, F_GETFL) | O_NONBLOCK);
  /* b_slave stays open: the pty survives clients closing and reopening it */
  uint32_t f = 0;
  avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS(uart), &f);
  f &= ~AVR_UART_FLAG_STDIO;
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS(uart), &f);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(uart), UART_IRQ_OUTPUT), avr_sent, NULL);
  b_in_irq = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(uart), UART_IRQ_INPUT);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(uart), UART_IRQ_OUT_XON), xon_hook, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ(uart), UART_IRQ_OUT_XOFF), xoff_hook, NULL);
  avr_cycle_timer_register(avr, avr->frequency / 2000, feed_timer, NULL);
  unlink(link_path);
  if (symlink(b_name, link_path) != 0) { fprintf(stderr, "cannot link %s -> %s: %s\n", link_path, b_name, strerror(errno)); return -1; }
  pthread_t t;
  pthread_create(&t, NULL, bridge_thread, NULL);
  pthread_detach(t);
  return 0;
}

const char *pty_bridge_slave(void) { return b_name; }
uint64_t pty_bridge_drops(void) { return atomic_load(&drops); }
