#ifndef CSHIM_H
#define CSHIM_H
/* The launch plan and child-side entry points; filled in by the launcher work. */
#endif
