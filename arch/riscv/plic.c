/* The RISC-V PLIC (platform-level interrupt controller) as on QEMU virt.
 * Register map from the PLIC spec: priorities at 4 bytes per source, enable
 * bits per context at 0x2000 + 0x80 * ctx, threshold and claim/complete at
 * 0x200000 + 0x1000 * ctx. QEMU virt numbers contexts M-mode, S-mode per hart,
 * so hart h's S-mode context is 2h + 1. A source with an IRQHandler cap goes
 * to user level (kernel/irq.c); the UART otherwise feeds the boot console.
 *
 * A line delivered to user level stays claimed until its driver acks: the
 * PLIC delivers nothing more from a claimed source, which is the hold
 * irq.h promises, and the source stays enabled throughout. (Disabling it
 * instead would be wrong: the PLIC ignores the completion of a source not
 * enabled for the context, so a completion written while it is disabled
 * is lost and the source stays claimed for good, and the console with it.) */
#include "arch/riscv/plic.h"
#include "arch/riscv/uart.h"
#include "kernel/irq.h"
#include "kernel/pmem.h"
#include "kernel/printf.h"

#define PLIC_PRIORITY(irq)  (4 * (irq))
#define PLIC_ENABLE(ctx)    (0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)     (0x200004 + 0x1000 * (ctx))

static uint8_t *plic;
static word_t context;
static uint32_t uart_source;
static uint32_t sources;

static volatile uint32_t *reg(word_t offset)
{
	return (volatile uint32_t *)(plic + offset);
}

static void enable(uint32_t irq)
{
	*reg(PLIC_ENABLE(context) + 4 * (irq / 32)) |= 1u << (irq % 32);
}

void plic_init(paddr_t base, word_t hartid, uint32_t ndev, uint32_t uart_irq)
{
	plic = paddr_to_kptr(base);
	context = 2 * hartid + 1;
	sources = ndev;
	uart_source = uart_irq;
	if (uart_irq == 0 || uart_irq > ndev) {
		pr_warn("plic: UART source %u out of range 1..%u; no console input\n", uart_irq,
		        ndev);
		return;
	}
	irq_init(MIN((word_t)ndev + 1, (word_t)IRQ_LINES));
	/* Every source gets priority 1; only enabled ones interrupt. */
	for (uint32_t i = 1; i <= ndev && i < IRQ_LINES; i++)
		*reg(PLIC_PRIORITY(i)) = 1;
	enable(uart_irq);
	*reg(PLIC_THRESHOLD(context)) = 0;
}

/* Completing a claim: the source may interrupt again. */
static void complete(uint32_t irq)
{
	*reg(PLIC_CLAIM(context)) = irq;
}

void arch_irq_ack(word_t irq)
{
	enable((uint32_t)irq); /* first: a completion of a disabled source is ignored */
	complete((uint32_t)irq);
}

void plic_handle(void)
{
	uint32_t irq;
	while ((irq = *reg(PLIC_CLAIM(context))) != 0) {
		/* A user-level driver's line is signalled and stays claimed
		 * until its ack; otherwise the UART feeds the boot console. */
		if (irq_deliver(irq))
			continue;
		if (irq == uart_source)
			uart_interrupt();
		else
			pr_warn("plic: unexpected source %u of %u\n", irq, sources);
		complete(irq);
	}
}
