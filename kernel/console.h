/* The kernel console: boot and debug output, and (until user level owns the
 * UART) typed characters echoed back to show the UART interrupt works. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

void console_putc(int c);  /* UART once mapped, SBI legacy console before */
void console_input(int c); /* a character arrived from the UART */

#endif
