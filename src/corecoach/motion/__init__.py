"""Movement analysis math: landmarks, filtering, angles, views, reps, holds and faults. Pure numpy/scipy."""
