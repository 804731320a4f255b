import { randomUUID } from 'node:crypto';

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

export class UserStore {
  private readonly users = new Map<string, User>();

  addUser(email: string, name: string): User {
    const normalized = email.trim().toLowerCase();
    for (const user of this.users.values()) {
      if (user.email === normalized) throw new Error(`A user with ${normalized} already exists`);
    }
    const user = { id: randomUUID(), email: normalized, name, createdAt: new Date() };
    this.users.set(user.id, user);
    return user;
  }

  findByEmail(email: string): User | undefined {
    const normalized = email.trim().toLowerCase();
    return [...this.users.values()].find((u) => u.email === normalized);
  }

  removeUser(id: string): boolean {
    return this.users.delete(id);
  }
}
