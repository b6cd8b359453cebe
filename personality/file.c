/* Resolving a handle into an open file (file.h). */
#include "personality/file.h"

#include "personality/desc.h"
#include "personality/pipe.h"
#include "personality/tty.h"

#include <rn/px.h>

bool file_of(uint32_t handle, struct file *f)
{
	*f = (struct file){ .handle = handle };
	if (handle == FILE_CONSOLE) {
		f->ops = &tty_file_ops;
		f->flags = PX_O_RDWR;
		return true;
	}
	f->pipe = pipe_of(handle, &f->end);
	if (f->pipe) {
		f->ops = &pipe_file_ops;
		f->flags = pipe_flags(f->pipe, f->end);
		return true;
	}
	f->desc = desc_of(handle);
	if (!f->desc)
		return false;
	f->ops = desc_file_ops(f->desc);
	f->flags = f->desc->flags & (PX_O_ACCMODE | PX_O_NONBLOCK);
	return true;
}

void file_ref(uint32_t handle)
{
	unsigned end;
	struct pipe *pi = pipe_of(handle, &end);
	struct desc *d = desc_of(handle);
	if (pi)
		pi->refs[end]++;
	else if (d)
		d->refs++;
}

void file_unref(uint32_t handle)
{
	unsigned end;
	struct pipe *pi = pipe_of(handle, &end);
	if (pi)
		pipe_unref(pi, end);
	else
		desc_unref(handle);
}
